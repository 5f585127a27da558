package dev.mlrs.agent.math;

import java.util.Arrays;

/**
 * One step of the MLR-SNet cell (docs/learner-layout.md) and its one-step backward pass.
 *
 * <pre>
 *   a   = W_i2 relu(W_i1 in + b_i1) + b_i2 + W_h2 relu(W_h1 h_prev + b_h1) + b_h2      (4H values)
 *   i, f, g, o = sigmoid(a_i), sigmoid(a_f), tanh(a_g), sigmoid(a_o)      (gate order of the released weights)
 *   c = f * c_prev + i * g,   h = o * tanh(c)
 *   z = W3 h + b3 + 3 head(p),   output = sigmoid(z)
 * </pre>
 *
 * The input {@code in} is the loss x (the paper's cell) or (x, p) with p = t/T the training progress
 * (a schedule-aware cell). head(p) interpolates K knots at p = 0, 1/(K-1), ..., 1 linearly; it is 0 when
 * the cell has no knots. With the progress column and the knots at zero a schedule-aware cell computes
 * exactly what the paper's cell computes, bit for bit.
 *
 * <p>Pure functions over plain double arrays: on the per-step path one cell step in plain Java is
 * 20-100x faster than ND4J, and a {@link CellTrace} keeps the activations so that neither pass allocates.
 */
public final class MlrsCell {

  /** The progress head's knots are scaled by this before entering the output logit (a knot of 1 moves z by 3). */
  public static final double HEAD_SCALE = 3.0;

  private MlrsCell() {
  }

  /**
   * One step of a cell without progress input (the paper's cell); see
   * {@link #forward(CellShape, double[], double, double, double[], double[], CellTrace)}.
   *
   * @throws IllegalArgumentException for a schedule-aware shape, which needs the progress
   */
  public static double forward(CellShape shape, double[] w, double x, double[] hPrev, double[] cPrev, CellTrace trace) {
    if (shape.usesProgress()) {
      throw new IllegalArgumentException("a " + shape + " cell reads the training progress: pass it");
    }
    return forward(shape, w, x, 0.0, hPrev, cPrev, trace);
  }

  /**
   * Runs one step from (hPrev, cPrev) on loss x and progress p in [0, 1] with the flat weights w; the new
   * state and all activations land in {@code trace}. Returns the sigmoid output. Cells that do not use the
   * progress ignore p.
   */
  public static double forward(CellShape shape, double[] w, double x, double progress, double[] hPrev,
                               double[] cPrev, CellTrace trace) {
    checkSizes(shape, w, hPrev, cPrev, trace);
    if (!(progress >= 0 && progress <= 1)) {
      throw new IllegalArgumentException("progress must lie in [0, 1], got " + progress);
    }
    int hidden = shape.hidden();
    int mlp = shape.mlpHidden();
    int gateCount = shape.gates();
    boolean twoInputs = shape.inputs() == 2;
    trace.x = x;
    trace.progress = shape.usesProgress() ? progress : 0.0;
    System.arraycopy(hPrev, 0, trace.hPrev, 0, hidden);
    System.arraycopy(cPrev, 0, trace.cPrev, 0, hidden);

    for (int m = 0; m < mlp; m++) {
      double u = w[shape.inputWeight(m, 0)] * x;
      if (twoInputs) {
        u += w[shape.inputWeight(m, 1)] * progress;
      }
      u += w[shape.bI1() + m];
      trace.u1[m] = u;
      trace.r1[m] = u > 0 ? u : 0;
      double s = w[shape.bH1() + m];
      int row = shape.wH1() + m * hidden;
      for (int k = 0; k < hidden; k++) {
        s += w[row + k] * trace.hPrev[k];
      }
      trace.u2[m] = s;
      trace.r2[m] = s > 0 ? s : 0;
    }

    double[] gates = trace.gates;
    for (int j = 0; j < gateCount; j++) {
      double a = w[shape.bI2() + j] + w[shape.bH2() + j];
      int rowI = shape.wI2() + j * mlp;
      int rowH = shape.wH2() + j * mlp;
      for (int m = 0; m < mlp; m++) {
        a += w[rowI + m] * trace.r1[m] + w[rowH + m] * trace.r2[m];
      }
      gates[j] = (j >= 2 * hidden && j < 3 * hidden) ? Math.tanh(a) : sigmoid(a);
    }

    double z = w[shape.b3()];
    for (int k = 0; k < hidden; k++) {
      double i = gates[k];
      double f = gates[hidden + k];
      double g = gates[2 * hidden + k];
      double o = gates[3 * hidden + k];
      double c = f * trace.cPrev[k] + i * g;
      double tc = Math.tanh(c);
      trace.c[k] = c;
      trace.tanhC[k] = tc;
      trace.h[k] = o * tc;
      z += w[shape.w3() + k] * trace.h[k];
    }
    if (shape.knots() > 0) {
      locateKnots(shape.knots(), progress, trace);
      int left = shape.knot0() + trace.knotLeft;
      double f = trace.knotFraction;
      z += HEAD_SCALE * ((1 - f) * w[left] + f * w[left + 1]);
    }
    trace.output = sigmoid(z);
    return trace.output;
  }

  /**
   * Adds {@code dOutput * d output / d w} to {@code grad}, for the step last run through
   * {@code trace}, holding (hPrev, cPrev) constant (truncated backpropagation of length one).
   */
  public static void backward(CellShape shape, double[] w, CellTrace trace, double dOutput, double[] grad) {
    if (grad.length != shape.parameterCount()) {
      throw new IllegalArgumentException("gradient has " + grad.length + " entries, the cell has "
          + shape.parameterCount());
    }
    int hidden = shape.hidden();
    int mlp = shape.mlpHidden();
    double s = trace.output;
    double dz = dOutput * s * (1 - s);
    grad[shape.b3()] += dz;
    if (shape.knots() > 0) {
      int left = shape.knot0() + trace.knotLeft;
      grad[left] += dz * HEAD_SCALE * (1 - trace.knotFraction);
      grad[left + 1] += dz * HEAD_SCALE * trace.knotFraction;
    }

    double[] gates = trace.gates;
    double[] dGates = trace.dGates;
    for (int k = 0; k < hidden; k++) {
      grad[shape.w3() + k] += dz * trace.h[k];
      double dh = dz * w[shape.w3() + k];
      double i = gates[k];
      double f = gates[hidden + k];
      double g = gates[2 * hidden + k];
      double o = gates[3 * hidden + k];
      double tc = trace.tanhC[k];
      double dc = dh * o * (1 - tc * tc);
      dGates[k] = dc * g * i * (1 - i);
      dGates[hidden + k] = dc * trace.cPrev[k] * f * (1 - f);
      dGates[2 * hidden + k] = dc * i * (1 - g * g);
      dGates[3 * hidden + k] = dh * tc * o * (1 - o);
    }

    // Through W_i2 / W_h2 to the two MLPs.
    backwardMlp(shape, w, dGates, trace.r1, trace.u1, shape.wI2(), shape.bI2(), trace.dR, grad);
    for (int m = 0; m < mlp; m++) {
      double du = trace.dR[m];
      grad[shape.inputWeight(m, 0)] += du * trace.x;
      if (shape.inputs() == 2) {
        grad[shape.inputWeight(m, 1)] += du * trace.progress;
      }
      grad[shape.bI1() + m] += du;
    }
    backwardMlp(shape, w, dGates, trace.r2, trace.u2, shape.wH2(), shape.bH2(), trace.dR, grad);
    for (int m = 0; m < mlp; m++) {
      double du = trace.dR[m];
      int row = shape.wH1() + m * hidden;
      for (int k = 0; k < hidden; k++) {
        grad[row + k] += du * trace.hPrev[k];
      }
      grad[shape.bH1() + m] += du;
    }
  }

  /** Gradient of the second layer (weights at wOff, bias at bOff) and d/du of its ReLU input into dU. */
  private static void backwardMlp(CellShape shape, double[] w, double[] dGates, double[] r, double[] u,
                                  int wOff, int bOff, double[] dU, double[] grad) {
    int mlp = shape.mlpHidden();
    Arrays.fill(dU, 0);
    for (int j = 0; j < dGates.length; j++) {
      double da = dGates[j];
      grad[bOff + j] += da;
      int row = wOff + j * mlp;
      for (int m = 0; m < mlp; m++) {
        grad[row + m] += da * r[m];
        dU[m] += da * w[row + m];
      }
    }
    for (int m = 0; m < mlp; m++) {
      if (u[m] <= 0) {
        dU[m] = 0;
      }
    }
  }

  /** The value of the progress head (before the scale {@link #HEAD_SCALE}) at progress p; 0 without knots. */
  public static double head(CellShape shape, double[] w, double progress) {
    int knots = shape.knots();
    if (knots == 0) {
      return 0;
    }
    double position = Math.min(Math.max(progress, 0), 1) * (knots - 1);
    int left = Math.min((int) position, knots - 2);
    double f = position - left;
    return (1 - f) * w[shape.knot0() + left] + f * w[shape.knot0() + left + 1];
  }

  /** Knot k sits at progress k/(K-1): finds the segment of p and the fraction along it. */
  private static void locateKnots(int knots, double progress, CellTrace trace) {
    double position = progress * (knots - 1);
    int left = Math.min((int) position, knots - 2);
    trace.knotLeft = left;
    trace.knotFraction = position - left;
  }

  static double sigmoid(double a) {
    return 1.0 / (1.0 + Math.exp(-a));
  }

  private static void checkSizes(CellShape shape, double[] w, double[] hPrev, double[] cPrev, CellTrace trace) {
    if (w.length != shape.parameterCount()) {
      throw new IllegalArgumentException("weights have " + w.length + " entries, the cell needs "
          + shape.parameterCount());
    }
    if (hPrev.length != shape.hidden() || cPrev.length != shape.hidden()) {
      throw new IllegalArgumentException("state must have " + shape.hidden() + " entries");
    }
    if (!trace.shape.equals(shape)) {
      throw new IllegalArgumentException("trace was made for " + trace.shape + ", not " + shape);
    }
  }
}
