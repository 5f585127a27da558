package dev.mlrs.agent.es;

import dev.mlrs.agent.math.AdamOptimizer;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.MlrsCell;

/**
 * A schedule-aware MLR-SNet cell driving SGD on the noisy quadratic model, as the agent serves a job: zero state
 * at the start, one cell step per training step on (expected loss, progress t/T), LR = gamma * output with gamma
 * fixed for the run. Shared with the tests module through the agent test-jar.
 */
public final class CellOnQuadratic {
  private final NoisyQuadraticModel model;
  private final CellShape shape;
  private final int steps;
  private final double gamma;
  private final CellTrace trace;
  private final double[] h;
  private final double[] c;

  public CellOnQuadratic(NoisyQuadraticModel model, CellShape shape, int steps, double gamma) {
    this.model = model;
    this.shape = shape;
    this.steps = steps;
    this.gamma = gamma;
    this.trace = new CellTrace(shape);
    this.h = new double[shape.hidden()];
    this.c = new double[shape.hidden()];
  }

  /** The LRs the cell with weights w serves over a whole run. */
  public double[] schedule(double[] w) {
    java.util.Arrays.fill(h, 0);
    java.util.Arrays.fill(c, 0);
    double[] s = model.start();
    double[] alphas = new double[steps];
    for (int t = 0; t < steps; t++) {
      alphas[t] = gamma * cellStep(w, model.loss(s), t);
      model.step(s, alphas[t]);
    }
    return alphas;
  }

  public double finalLoss(double[] w) {
    return model.finalLoss(schedule(w));
  }

  /**
   * One run trained online by the one-step objective, as the paper's meta-trainer does: after each step t the
   * exact hypergradient d E[loss_{t+1}] / d alpha_t, times gamma, goes back through the one cell step that made
   * alpha_t (state held constant); every {@code every} steps the summed meta-gradient takes one Adam step on w.
   * Returns the number of Adam steps taken so far.
   */
  public long oneStepRun(double[] w, double[] m, double[] v, long adamSteps, int every, AdamOptimizer.Settings adam) {
    java.util.Arrays.fill(h, 0);
    java.util.Arrays.fill(c, 0);
    double[] s = model.start();
    double[] gradient = new double[w.length];
    long taken = adamSteps;
    for (int t = 0; t < steps; t++) {
      double alpha = gamma * cellStep(w, model.loss(s), t);
      double hypergradient = model.nextLossSlope(s, alpha);
      MlrsCell.backward(shape, w, trace, hypergradient * gamma, gradient);
      model.step(s, alpha);
      if ((t + 1) % every == 0) {
        AdamOptimizer.step(adam, w, gradient, m, v, ++taken);
        java.util.Arrays.fill(gradient, 0);
      }
    }
    return taken;
  }

  /** One cell step from the carried state; leaves the activations in the trace and advances the state. */
  private double cellStep(double[] w, double loss, int t) {
    double out = MlrsCell.forward(shape, w, loss, (double) t / steps, h, c, trace);
    System.arraycopy(trace.h(), 0, h, 0, h.length);
    System.arraycopy(trace.c(), 0, c, 0, c.length);
    return out;
  }
}
