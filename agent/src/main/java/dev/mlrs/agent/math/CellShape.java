package dev.mlrs.agent.math;

/**
 * Sizes of an MLR-SNet cell and where each tensor sits in the flat weight vector.
 *
 * <p>Flat layout (row-major, PyTorch nn.Linear convention W[out][in]), see docs/learner-layout.md:
 * W_i1[M][inputs], b_i1[M], W_i2[4H][M], b_i2[4H], W_h1[M][H], b_h1[M], W_h2[4H][M], b_h2[4H], W3[1][H], b3[1],
 * then the K progress knots, with H the LSTM hidden size and M the width of the two input MLPs. The reference
 * uses H=50, M=25, one input (the loss) and no knots: 11,776 weights. A schedule-aware cell has two inputs
 * (loss, progress t/T), so W_i1[m] = (weight of the loss, weight of the progress) sits at 2m and 2m+1, and
 * K knots of a progress head after b3.
 */
public record CellShape(int hidden, int mlpHidden, int inputs, int knots) {

  public static final CellShape REFERENCE = new CellShape(50, 25);

  public CellShape {
    if (hidden < 1 || mlpHidden < 1) {
      throw new IllegalArgumentException("cell sizes must be positive: hidden=" + hidden + ", mlpHidden=" + mlpHidden);
    }
    if (inputs != 1 && inputs != 2) {
      throw new IllegalArgumentException("a cell has 1 input (loss) or 2 (loss, progress), got " + inputs);
    }
    if (knots != 0 && knots < 2) {
      throw new IllegalArgumentException("a progress head has 0 knots (none) or at least 2, got " + knots);
    }
  }

  /** The paper's cell: one input (the loss), no progress head. */
  public CellShape(int hidden, int mlpHidden) {
    this(hidden, mlpHidden, 1, 0);
  }

  /** The same sizes with a progress input and a progress head of {@code knotCount} knots. */
  public CellShape scheduleAware(int knotCount) {
    return new CellShape(hidden, mlpHidden, 2, knotCount);
  }

  /** True when the cell reads the training progress (a second input or a progress head). */
  public boolean usesProgress() {
    return inputs > 1 || knots > 0;
  }

  public int gates() {
    return 4 * hidden;
  }

  public int wI1() {
    return 0;
  }

  /** Index of W_i1[unit][input]: input 0 is the loss, input 1 the progress. */
  public int inputWeight(int unit, int input) {
    return wI1() + unit * inputs + input;
  }

  public int bI1() {
    return wI1() + mlpHidden * inputs;
  }

  public int wI2() {
    return bI1() + mlpHidden;
  }

  public int bI2() {
    return wI2() + gates() * mlpHidden;
  }

  public int wH1() {
    return bI2() + gates();
  }

  public int bH1() {
    return wH1() + mlpHidden * hidden;
  }

  public int wH2() {
    return bH1() + mlpHidden;
  }

  public int bH2() {
    return wH2() + gates() * mlpHidden;
  }

  public int w3() {
    return bH2() + gates();
  }

  public int b3() {
    return w3() + hidden;
  }

  /** Index of the first progress knot (equal to parameterCount() when there are none). */
  public int knot0() {
    return b3() + 1;
  }

  public int parameterCount() {
    return knot0() + knots;
  }
}
