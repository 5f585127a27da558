package dev.mlrs.agent.math;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.ReleasedWeights;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-step backward pass against central finite differences, for every weight, in double
 * precision: relative error below 1e-4 (METHOD.md section 2, issue 3).
 */
class MlrsCellGradientTest {

  @Test
  void everyWeightMatchesCentralDifferencesOnReleasedWeights() {
    double[] w = ReleasedWeights.load().snapshot("epoch_100");
    checkAll(CellShape.REFERENCE, w, 1.7, 11);
  }

  @Test
  void everyWeightMatchesCentralDifferencesOnRandomWeightsAndAnotherShape() {
    CellShape shape = new CellShape(7, 5);
    Random random = new Random(3);
    double[] w = new double[shape.parameterCount()];
    for (int k = 0; k < w.length; k++) {
      w[k] = random.nextGaussian() * 0.6;
    }
    checkAll(shape, w, 0.8, 5);
  }

  /**
   * A schedule-aware cell (loss and progress inputs, 6-knot progress head) with non-zero random weights
   * everywhere, the progress column and the knots included; progress 0.47 lies inside a segment, so both
   * of its knots get a gradient.
   */
  @Test
  void everyWeightOfAScheduleAwareCellMatchesCentralDifferences() {
    CellShape shape = new CellShape(7, 5).scheduleAware(6);
    Random random = new Random(17);
    double[] w = new double[shape.parameterCount()];
    for (int k = 0; k < w.length; k++) {
      w[k] = random.nextGaussian() * 0.6;
    }
    checkAll(shape, w, 0.8, 0.47, 9);
  }

  @Test
  void theReferenceSizedScheduleAwareCellAtTheLastKnot() {
    CellShape shape = CellShape.REFERENCE.scheduleAware(6);
    double[] released = ReleasedWeights.load().snapshot("epoch_100");
    double[] w = new double[shape.parameterCount()];
    Random random = new Random(23);
    for (int k = 0; k < w.length; k++) {
      w[k] = random.nextGaussian() * 0.3;
    }
    // Released weights for everything they cover, random ones for the progress column and the knots.
    for (int m = 0; m < shape.mlpHidden(); m++) {
      w[shape.inputWeight(m, 0)] = released[m];
    }
    System.arraycopy(released, CellShape.REFERENCE.bI1(), w, shape.bI1(), CellShape.REFERENCE.parameterCount()
        - CellShape.REFERENCE.bI1());
    checkAll(shape, w, 1.7, 1.0, 11);
  }

  /** Runs a few steps to get a non-trivial state, then checks d output / d w at the next step. */
  private static void checkAll(CellShape shape, double[] w, double x, long seed) {
    checkAll(shape, w, x, 0.0, seed);
  }

  private static void checkAll(CellShape shape, double[] w, double x, double progress, long seed) {
    Random random = new Random(seed);
    double[] h = new double[shape.hidden()];
    double[] c = new double[shape.hidden()];
    CellTrace trace = new CellTrace(shape);
    for (int t = 0; t < 4; t++) {
      MlrsCell.forward(shape, w, 2.3 - 0.3 * t + random.nextGaussian() * 0.1, progress * t / 4, h, c, trace);
      h = trace.h().clone();
      c = trace.c().clone();
    }
    final double[] hPrev = h;
    final double[] cPrev = c;
    double upstream = -0.37;   // a made-up dL/d output, to check the scaling too
    MlrsCell.forward(shape, w, x, progress, hPrev, cPrev, trace);
    double[] grad = new double[shape.parameterCount()];
    MlrsCell.backward(shape, w, trace, upstream, grad);

    CellTrace scratch = new CellTrace(shape);
    double eps = 1e-6;
    int checked = 0;
    double worst = 0;
    for (int k = 0; k < w.length; k++) {
      double saved = w[k];
      w[k] = saved + eps;
      double plus = MlrsCell.forward(shape, w, x, progress, hPrev, cPrev, scratch);
      w[k] = saved - eps;
      double minus = MlrsCell.forward(shape, w, x, progress, hPrev, cPrev, scratch);
      w[k] = saved;
      double numeric = upstream * (plus - minus) / (2 * eps);
      double error = Math.abs(numeric - grad[k]);
      double scale = Math.max(Math.abs(numeric), Math.abs(grad[k]));
      // Central differences with eps = 1e-6 in double precision carry ~1e-10 of round-off, so
      // gradients below 1e-6 cannot be resolved to 1e-4 relative: those are compared in absolute terms.
      boolean ok = scale < 1e-6 ? error < 1e-9 : error / scale < 1e-4;
      assertTrue(ok, "weight " + k + ": analytic " + grad[k] + " vs numeric " + numeric);
      if (scale >= 1e-6) {
        worst = Math.max(worst, error / scale);
        checked++;
      }
    }
    assertTrue(checked > w.length / 4, "too few weights with a non-zero gradient to be a real check: " + checked);
    if (shape.inputs() == 2 && progress > 0) {
      int resolved = 0;
      for (int m = 0; m < shape.mlpHidden(); m++) {
        resolved += Math.abs(grad[shape.inputWeight(m, 1)]) >= 1e-6 ? 1 : 0;
      }
      assertTrue(resolved > 0, "no progress-column weight has a gradient: the check would not test it");
    }
    // Only the (at most two) knots around the progress move the output.
    for (int j = 0; j < shape.knots(); j++) {
      double position = progress * (shape.knots() - 1);
      int left = Math.min((int) position, shape.knots() - 2);
      double share = j == left ? 1 - (position - left) : j == left + 1 ? position - left : 0;
      assertTrue((share != 0) == (grad[shape.knot0() + j] != 0), "knot " + j + " gradient " + grad[shape.knot0() + j]);
    }
    System.out.printf("gradient check %s: %d weights, %d non-zero, worst relative error %.2e%n",
        shape, w.length, checked, worst);
  }
}
