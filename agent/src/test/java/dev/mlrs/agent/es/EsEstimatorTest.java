package dev.mlrs.agent.es;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.math.CellShape;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.EsSubspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The estimator on f(phi) = 1/2 |A (phi - phi*)|^2 over the 20-weight SUBSPACE of a small schedule-aware cell.
 * For a quadratic the antithetic difference is exactly 2 sigma eps . grad f, so the estimate is
 * (1/n) sum eps eps^T grad f: unbiased, and its cosine with the true gradient grows like sqrt(n / (n + d)) for
 * d perturbed weights; 200 pairs give about 0.95 on d = 20.
 */
class EsEstimatorTest {

  private static final CellShape SHAPE = new CellShape(4, 3).scheduleAware(6);
  private static final EsSubspaceMask MASK = EsSubspaceMask.of(SHAPE, EsSubspace.SUBSPACE);
  private static final int PAIRS = 200;
  private static final double SIGMA = 0.1;

  private final Random random = new Random(31);
  private final int n = SHAPE.parameterCount();
  private final double[][] a = new double[n][n];
  private final double[] optimum = new double[n];

  EsEstimatorTest() {
    for (int i = 0; i < n; i++) {
      a[i][i] = 0.5 + 1.5 * random.nextDouble();
      for (int j = 0; j < n; j++) {
        a[i][j] += 0.1 * random.nextGaussian();
      }
      optimum[i] = random.nextGaussian();
    }
  }

  @Test
  void theRawEstimatePointsAlongTheTrueGradient() {
    double[] phi = startingPoint();
    List<double[]> epsilons = new ArrayList<>();
    double[] differences = new double[PAIRS];
    for (int p = 0; p < PAIRS; p++) {
      double[] eps = EsNoise.epsilon(MASK, "quad", 0, new EsPairKey("q", p));
      epsilons.add(eps);
      differences[p] = f(EsPerturbation.apply(phi, eps, SIGMA, EsSide.PLUS))
          - f(EsPerturbation.apply(phi, eps, SIGMA, EsSide.MINUS));
    }
    double[] estimate = EsEstimator.gradient(epsilons, differences, SIGMA);
    double cosine = cosine(estimate, maskedGradient(phi));
    System.out.printf("ES estimate (raw differences), %d pairs on %d weights: cosine %.3f%n", PAIRS, MASK.size(),
        cosine);
    assertTrue(cosine > 0.9, "cosine " + cosine);
    for (int k = 0; k < n; k++) {
      if (!MASK.contains(k)) {
        assertEquals(0.0, estimate[k], 0.0, "no estimate off the mask");
      }
    }
  }

  @Test
  void theNormalisedEstimateOfAGenerationPointsAlongTheGradientToo() {
    double[] phi = startingPoint();
    List<EsPairResult> pairs = new ArrayList<>();
    for (int p = 0; p < PAIRS; p++) {
      EsPairKey key = new EsPairKey("q", p);
      double[] eps = EsNoise.epsilon(MASK, "quad", 4, key);
      pairs.add(new EsPairResult(key, f(EsPerturbation.apply(phi, eps, SIGMA, EsSide.PLUS)),
          f(EsPerturbation.apply(phi, eps, SIGMA, EsSide.MINUS))));
    }
    double[] estimate = EsEstimator.gradient(MASK, "quad", 4, pairs, SIGMA);
    double cosine = cosine(estimate, maskedGradient(phi));
    System.out.printf("ES estimate (normalised signals), %d pairs: cosine %.3f%n", PAIRS, cosine);
    assertTrue(cosine > 0.9, "cosine " + cosine);
  }

  @Test
  void esWithAdamDescendsTheQuadraticAndLeavesTheRestAlone() {
    double[] phi = startingPoint();
    double[] start = phi.clone();
    double[] m = new double[n];
    double[] v = new double[n];
    double before = f(phi);
    for (int generation = 0; generation < 150; generation++) {
      List<EsPairResult> pairs = new ArrayList<>();
      for (int p = 0; p < 8; p++) {
        EsPairKey key = new EsPairKey("q", p);
        double[] eps = EsNoise.epsilon(MASK, "quad", generation, key);
        pairs.add(new EsPairResult(key, f(EsPerturbation.apply(phi, eps, SIGMA, EsSide.PLUS)),
            f(EsPerturbation.apply(phi, eps, SIGMA, EsSide.MINUS))));
      }
      EsEstimator.update(phi, EsEstimator.gradient(MASK, "quad", generation, pairs, SIGMA), m, v, generation + 1,
          0.05);
    }
    double[] masked = maskedGradient(phi);
    double[] maskedStart = maskedGradient(start);
    System.out.printf("ES + Adam, 150 generations of 8 pairs: f %.3f -> %.3f, |masked grad| %.3f -> %.3f%n",
        before, f(phi), Math.sqrt(dot(maskedStart, maskedStart)), Math.sqrt(dot(masked, masked)));
    assertTrue(dot(masked, masked) < 0.05 * dot(maskedStart, maskedStart), "masked gradient did not shrink");
    for (int k = 0; k < n; k++) {
      if (!MASK.contains(k)) {
        assertEquals(start[k], phi[k], 0.0, "weight " + k + " is outside the mask");
      }
    }
  }

  @Test
  void rejectsWhatCannotBeAnEstimate() {
    List<double[]> one = List.of(new double[n]);
    assertThrows(IllegalArgumentException.class, () -> EsEstimator.gradient(one, new double[] {1}, 0.0));
    assertThrows(IllegalArgumentException.class, () -> EsEstimator.gradient(one, new double[] {1, 2}, 0.1));
    assertThrows(IllegalArgumentException.class, () -> EsEstimator.gradient(List.of(), new double[0], 0.1));
    assertThrows(IllegalArgumentException.class, () -> EsEstimator.gradient(one, new double[] {Double.NaN}, 0.1));
  }

  @Test
  void bothSidesUseTheSameEpsilon() {
    double[] phi = startingPoint();
    EsPairKey key = new EsPairKey("q", 3);
    double[] plus = EsPerturbation.apply(phi, EsNoise.epsilon(MASK, "quad", 1, key), SIGMA, EsSide.PLUS);
    double[] minus = EsPerturbation.apply(phi, EsNoise.epsilon(MASK, "quad", 1, key), SIGMA, EsSide.MINUS);
    double[] mirrored = new double[n];
    for (int k = 0; k < n; k++) {
      mirrored[k] = 2 * phi[k] - minus[k];
    }
    assertArrayEquals(plus, mirrored, 1e-14);
  }

  private double[] startingPoint() {
    double[] phi = new double[n];
    for (int k = 0; k < n; k++) {
      phi[k] = optimum[k] + (random.nextDouble() - 0.5) * 2;
    }
    return phi;
  }

  private double f(double[] phi) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      double r = 0;
      for (int j = 0; j < n; j++) {
        r += a[i][j] * (phi[j] - optimum[j]);
      }
      s += r * r;
    }
    return 0.5 * s;
  }

  /** A^T A (phi - phi*), restricted to the mask (the only directions ES can see). */
  private double[] maskedGradient(double[] phi) {
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        r[i] += a[i][j] * (phi[j] - optimum[j]);
      }
    }
    double[] g = new double[n];
    for (int j = 0; j < n; j++) {
      if (MASK.contains(j)) {
        for (int i = 0; i < n; i++) {
          g[j] += a[i][j] * r[i];
        }
      }
    }
    return g;
  }

  private static double dot(double[] x, double[] y) {
    double s = 0;
    for (int k = 0; k < x.length; k++) {
      s += x[k] * y[k];
    }
    return s;
  }

  private static double cosine(double[] x, double[] y) {
    return dot(x, y) / Math.sqrt(dot(x, x) * dot(y, y));
  }
}
