package dev.mlrs.agent.topology;

import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.MlrsCell;

/**
 * The agent's documented per-job semantics written out independently of its code: zero state at the
 * first step, one cell step per report, state stored in float32 between steps. Shared with the integration
 * tests (tests/) through the agent's test-jar.
 */
public final class OfflineCell {
  final CellShape shape;
  final CellTrace trace;
  double[] h;
  double[] c;

  public OfflineCell(CellShape shape) {
    this.shape = shape;
    this.trace = new CellTrace(shape);
    this.h = new double[shape.hidden()];
    this.c = new double[shape.hidden()];
  }

  /** The sigmoid output for input x; advances the state. */
  public double step(double[] weights, double x) {
    double out = MlrsCell.forward(shape, weights, x, h, c, trace);
    h = roundToFloat(trace.h());
    c = roundToFloat(trace.c());
    return out;
  }

  private static double[] roundToFloat(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }
}
