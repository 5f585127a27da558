package dev.mlrs.agent.es;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlrs.agent.math.CellShape;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.EsSubspace;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EsPerturbationTest {

  private static final CellShape SHAPE = new CellShape(4, 3).scheduleAware(6);

  @Test
  void theSidesLieSymmetricallyAroundPhiOnTheMask() {
    EsSubspaceMask mask = EsSubspaceMask.of(SHAPE, EsSubspace.SUBSPACE);
    double[] phi = randomWeights(1);
    // Each side derives epsilon on its own, as two agent instances would.
    double[] plus = EsPerturbation.apply(phi, EsNoise.epsilon(mask, "l", 2, new EsPairKey("t", 9)), 0.1, EsSide.PLUS);
    double[] minus = EsPerturbation.apply(phi, EsNoise.epsilon(mask, "l", 2, new EsPairKey("t", 9)), 0.1,
        EsSide.MINUS);
    double[] eps = EsNoise.epsilon(mask, "l", 2, new EsPairKey("t", 9));
    for (int k = 0; k < phi.length; k++) {
      assertEquals(phi[k], (plus[k] + minus[k]) / 2, 1e-15, "index " + k);
      assertEquals(0.1 * eps[k], (plus[k] - minus[k]) / 2, 1e-15, "index " + k);
      if (!mask.contains(k)) {
        assertEquals(phi[k], plus[k], 0.0);
        assertEquals(phi[k], minus[k], 0.0);
      }
    }
  }

  @Test
  void sigmaZeroServesPhiOnBothSides() {
    EsSubspaceMask mask = EsSubspaceMask.of(SHAPE, EsSubspace.FULL);
    double[] phi = randomWeights(2);
    double[] eps = EsNoise.epsilon(mask, "l", 0, new EsPairKey("t", 1));
    assertArrayEquals(phi, EsPerturbation.apply(phi, eps, 0.0, EsSide.PLUS), 0.0);
    assertArrayEquals(phi, EsPerturbation.apply(phi, eps, 0.0, EsSide.MINUS), 0.0);
  }

  @Test
  void rejectsBadInput() {
    double[] phi = randomWeights(3);
    assertThrows(IllegalArgumentException.class,
        () -> EsPerturbation.apply(phi, new double[phi.length - 1], 0.1, EsSide.PLUS));
    assertThrows(IllegalArgumentException.class, () -> EsPerturbation.apply(phi, phi, -0.1, EsSide.PLUS));
    assertThrows(IllegalArgumentException.class, () -> EsPerturbation.apply(phi, phi, Double.NaN, EsSide.PLUS));
  }

  private static double[] randomWeights(long seed) {
    Random random = new Random(seed);
    double[] w = new double[SHAPE.parameterCount()];
    for (int k = 0; k < w.length; k++) {
      w[k] = random.nextGaussian();
    }
    return w;
  }
}
