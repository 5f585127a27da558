package dev.mlrs.agent.math;

/**
 * Scratch buffers of one cell step: the activations that the forward pass leaves behind for the
 * backward pass. Reused across steps so that the per-step path allocates nothing; one per thread.
 */
public final class CellTrace {
  final CellShape shape;
  double x;               // the loss input
  double progress;        // the progress input t/T (0 for cells that do not use it)
  int knotLeft;           // progress head: the left knot of progress's segment
  double knotFraction;    // and how far along the segment progress lies
  final double[] hPrev;
  final double[] cPrev;
  final double[] u1;      // W_i1 (x, progress) + b_i1 (before ReLU)
  final double[] r1;      // relu(u1)
  final double[] u2;      // W_h1 hPrev + b_h1 (before ReLU)
  final double[] r2;      // relu(u2)
  final double[] gates;   // after the nonlinearities: i, f (sigmoid), g (tanh), o (sigmoid)
  final double[] c;
  final double[] tanhC;
  final double[] h;
  double output;          // sigma(W3 h + b3 + 3 head(progress))
  // backward scratch
  final double[] dGates;
  final double[] dR;

  public CellTrace(CellShape shape) {
    this.shape = shape;
    int hidden = shape.hidden();
    int mlp = shape.mlpHidden();
    hPrev = new double[hidden];
    cPrev = new double[hidden];
    u1 = new double[mlp];
    r1 = new double[mlp];
    u2 = new double[mlp];
    r2 = new double[mlp];
    gates = new double[shape.gates()];
    c = new double[hidden];
    tanhC = new double[hidden];
    h = new double[hidden];
    dGates = new double[shape.gates()];
    dR = new double[mlp];
  }

  public CellShape shape() {
    return shape;
  }

  /** The new hidden state h_t of the last forward pass (a view: copy it if you keep it). */
  public double[] h() {
    return h;
  }

  /** The new cell state c_t of the last forward pass (a view: copy it if you keep it). */
  public double[] c() {
    return c;
  }
}
