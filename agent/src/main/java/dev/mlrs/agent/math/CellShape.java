package dev.mlrs.agent.math;

/**
 * Sizes of an MLR-SNet cell and where each tensor sits in the flat weight vector.
 *
 * <p>Flat layout (row-major, PyTorch nn.Linear convention W[out][in]), see docs/learner-layout.md:
 * W_i1[M][1], b_i1[M], W_i2[4H][M], b_i2[4H], W_h1[M][H], b_h1[M], W_h2[4H][M], b_h2[4H], W3[1][H], b3[1],
 * with H the LSTM hidden size and M the width of the two input MLPs. The reference uses H=50, M=25:
 * 11,776 weights.
 */
public record CellShape(int hidden, int mlpHidden) {

  public static final CellShape REFERENCE = new CellShape(50, 25);

  public CellShape {
    if (hidden < 1 || mlpHidden < 1) {
      throw new IllegalArgumentException("cell sizes must be positive: hidden=" + hidden + ", mlpHidden=" + mlpHidden);
    }
  }

  public int gates() {
    return 4 * hidden;
  }

  public int wI1() {
    return 0;
  }

  public int bI1() {
    return wI1() + mlpHidden;
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

  public int parameterCount() {
    return b3() + 1;
  }
}
