package dev.mlrs.agent.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamOptimizerTest {

  @Test
  void firstStepMovesEachWeightByTheLearningRateAgainstTheGradientSign() {
    AdamOptimizer.Settings s = new AdamOptimizer.Settings(0.01, 0.9, 0.999, 1e-8, 0.0);
    double[] w = {1.0, -2.0, 0.5};
    double[] g = {3.0, -0.001, 0.0};
    double[] m = new double[3];
    double[] v = new double[3];
    AdamOptimizer.step(s, w, g, m, v, 1);
    // bias-corrected first step: mHat/sqrt(vHat) = sign(g)
    assertEquals(0.99, w[0], 1e-9);
    assertEquals(-1.99, w[1], 1e-6);
    assertEquals(0.5, w[2], 1e-12);
  }

  @Test
  void minimisesAQuadratic() {
    AdamOptimizer.Settings s = new AdamOptimizer.Settings(0.05, 0.9, 0.999, 1e-8, 0.0);
    double[] w = {3.0, -4.0};
    double[] m = new double[2];
    double[] v = new double[2];
    for (int t = 1; t <= 2000; t++) {
      double[] g = {2 * (w[0] - 1), 2 * (w[1] + 2)};
      AdamOptimizer.step(s, w, g, m, v, t);
    }
    assertEquals(1.0, w[0], 1e-2);
    assertEquals(-2.0, w[1], 1e-2);
  }

  @Test
  void weightDecayPullsTowardsZero() {
    AdamOptimizer.Settings s = new AdamOptimizer.Settings(0.01, 0.9, 0.999, 1e-8, 0.1);
    double[] w = {2.0};
    double[] m = new double[1];
    double[] v = new double[1];
    AdamOptimizer.step(s, w, new double[] {0.0}, m, v, 1);
    assertEquals(1.99, w[0], 1e-9);
  }
}
