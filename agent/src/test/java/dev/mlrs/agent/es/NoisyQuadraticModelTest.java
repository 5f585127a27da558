package dev.mlrs.agent.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The simulator itself: its hypergradient, its greedy policy and the short-horizon bias it is built to show. */
class NoisyQuadraticModelTest {
  private final NoisyQuadraticModel model = new NoisyQuadraticModel(300, 0.3);

  @Test
  void theOneStepSlopeMatchesFiniteDifferences() {
    double[] s = model.start();
    for (int t = 0; t < 20; t++) {
      model.step(s, 0.9);
    }
    for (double alpha : new double[] {0.05, 0.4, 1.3}) {
      double eps = 1e-6;
      double[] plus = s.clone();
      model.step(plus, alpha + eps);
      double[] minus = s.clone();
      model.step(minus, alpha - eps);
      double numeric = (model.loss(plus) - model.loss(minus)) / (2 * eps);
      assertEquals(numeric, model.nextLossSlope(s, alpha), 1e-6 * Math.max(1, Math.abs(numeric)));
    }
  }

  @Test
  void theGreedyLrMinimisesTheNextLoss() {
    double[] s = model.start();
    model.step(s, 1.0);
    double greedy = model.greedyLr(s);
    assertEquals(0.0, model.nextLossSlope(s, greedy), 1e-12);
    for (double delta : new double[] {-0.05, 0.05}) {
      double[] best = s.clone();
      model.step(best, greedy);
      double[] other = s.clone();
      model.step(other, greedy + delta);
      assertTrue(model.loss(best) < model.loss(other));
    }
  }

  @Test
  void greedyIsFarWorseThanAnnealingOverTheWholeRun() {
    double greedy = model.finalLoss(model.greedySchedule(300));
    double cosine = model.finalLoss(NoisyQuadraticModel.cosine(1.6, 300));
    assertTrue(greedy > 2 * cosine, "greedy " + greedy + " vs cosine " + cosine);
    assertEquals(0.5 * harmonic(300), model.loss(model.start()), 1e-12);
  }

  private static double harmonic(int n) {
    double sum = 0;
    for (int i = 1; i <= n; i++) {
      sum += 1.0 / i;
    }
    return sum;
  }
}
