package dev.mlrs.agent.es;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.math.CellShape;
import dev.mlrs.schemas.EsSubspace;
import org.junit.jupiter.api.Test;

class EsNoiseTest {

  private static final CellShape AWARE = CellShape.REFERENCE.scheduleAware(6);
  private static final EsSubspaceMask FULL = EsSubspaceMask.of(AWARE, EsSubspace.FULL);
  private static final EsSubspaceMask SUB = EsSubspaceMask.of(AWARE, EsSubspace.SUBSPACE);

  @Test
  void theSameKeyGivesTheSameNoiseEveryTime() {
    EsPairKey pair = new EsPairKey("fmnist-mlp/b64/T750", 42);
    double[] first = EsNoise.epsilon(SUB, "fleet", 3, pair);
    double[] again = EsNoise.epsilon(SUB, "fleet", 3, new EsPairKey("fmnist-mlp/b64/T750", 42));
    assertArrayEquals(first, again, 0.0);
    // Pinned to values computed outside Java from the documented recipe (FNV-1a, SplitMix64, Box-Muller):
    // the recipe is part of the protocol, other instances and later versions must agree.
    assertEquals(6624182041405070596L, EsNoise.seed("fleet", 3, pair));
    double[] full = EsNoise.epsilon(EsSubspaceMask.of(AWARE, EsSubspace.FULL), "fleet", 3, pair);
    assertArrayEquals(new double[] {0.05046454045185841, 0.8910031698766031, 0.6490403250870134,
        0.6737155652924232}, java.util.Arrays.copyOf(full, 4), 1e-15);
    // The mask picks entries of the same stream in ascending index order.
    assertEquals(0.05046454045185841, first[SUB.index(0)], 1e-15);
    assertEquals(0.8910031698766031, first[SUB.index(1)], 1e-15);
  }

  @Test
  void noiseLiesOnTheMaskOnly() {
    double[] eps = EsNoise.epsilon(SUB, "fleet", 0, new EsPairKey("t", 1));
    for (int k = 0; k < eps.length; k++) {
      assertEquals(SUB.contains(k), eps[k] != 0, "index " + k);
    }
  }

  @Test
  void everyFieldOfTheKeyChangesTheNoise() {
    double[] base = EsNoise.epsilon(SUB, "fleet", 5, new EsPairKey("task", 7));
    double[][] others = {
        EsNoise.epsilon(SUB, "fleet2", 5, new EsPairKey("task", 7)),
        EsNoise.epsilon(SUB, "fleet", 6, new EsPairKey("task", 7)),
        EsNoise.epsilon(SUB, "fleet", 5, new EsPairKey("task2", 7)),
        EsNoise.epsilon(SUB, "fleet", 5, new EsPairKey("task", 8)),
        // The same characters split differently between the fields.
        EsNoise.epsilon(SUB, "fleet", 5, new EsPairKey("task7", 0)),
    };
    for (double[] other : others) {
      double corr = dot(base, other) / Math.sqrt(dot(base, base) * dot(other, other));
      // 132 independent normals: |correlation| of two draws has standard deviation ~0.087.
      assertTrue(Math.abs(corr) < 0.35, "correlation " + corr);
      assertNotEquals(base[SUB.index(0)], other[SUB.index(0)]);
    }
  }

  @Test
  void valuesAreStandardNormalAndIndependentAcrossPairsAndGenerations() {
    int n = 0;
    double sum = 0;
    double sumSq = 0;
    double sumCube = 0;
    double sumFourth = 0;
    double cross = 0;
    int beyond2 = 0;
    double[] previous = null;
    for (int generation = 0; generation < 4; generation++) {
      for (int pair = 0; pair < 10; pair++) {
        double[] eps = EsNoise.epsilon(FULL, "fleet", generation, new EsPairKey("task", pair));
        for (double e : eps) {
          n++;
          sum += e;
          sumSq += e * e;
          sumCube += e * e * e;
          sumFourth += e * e * e * e;
          beyond2 += Math.abs(e) > 2 ? 1 : 0;
        }
        if (previous != null) {
          cross += dot(previous, eps) / eps.length;
        }
        previous = eps;
      }
    }
    double mean = sum / n;
    double variance = sumSq / n - mean * mean;
    // n = 472,280 draws: standard errors ~0.0015 (mean), ~0.002 (variance), ~0.004 (third moment).
    assertEquals(0.0, mean, 0.01);
    assertEquals(1.0, variance, 0.01);
    assertEquals(0.0, sumCube / n, 0.02);
    assertEquals(3.0, sumFourth / n, 0.05);
    assertEquals(0.0455, (double) beyond2 / n, 0.002);
    // 39 consecutive pairs, mean product of 11,807 entries each: s.e. 0.0092 each, 0.0015 on their mean.
    assertEquals(0.0, cross / 39, 0.01);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }
}
