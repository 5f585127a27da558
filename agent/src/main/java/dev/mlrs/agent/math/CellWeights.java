package dev.mlrs.agent.math;

/** Moves weights between cell shapes of the same sizes (H, M) but different inputs or progress heads. */
public final class CellWeights {

  private CellWeights() {
  }

  /**
   * The weights of {@code from} laid out for {@code to}: every tensor copied, the input columns and the knots
   * that {@code from} lacks set to zero. Zero progress weights and zero knots leave the output unchanged, so
   * the widened cell serves exactly what the original serves, at any progress.
   */
  public static double[] widen(CellShape from, double[] w, CellShape to) {
    if (from.hidden() != to.hidden() || from.mlpHidden() != to.mlpHidden()) {
      throw new IllegalArgumentException("cannot move weights from " + from + " to " + to + ": sizes differ");
    }
    if (to.inputs() < from.inputs()) {
      throw new IllegalArgumentException("cannot drop inputs: " + from + " to " + to);
    }
    if (from.knots() != 0 && from.knots() != to.knots()) {
      throw new IllegalArgumentException("cannot re-space existing progress knots: " + from + " to " + to);
    }
    if (w.length != from.parameterCount()) {
      throw new IllegalArgumentException("weights have " + w.length + " entries, a " + from + " cell has "
          + from.parameterCount());
    }
    double[] out = new double[to.parameterCount()];
    for (int m = 0; m < from.mlpHidden(); m++) {
      for (int input = 0; input < from.inputs(); input++) {
        out[to.inputWeight(m, input)] = w[from.inputWeight(m, input)];
      }
    }
    // Everything from b_i1 to b3 has the same layout in both shapes, shifted by the wider W_i1.
    System.arraycopy(w, from.bI1(), out, to.bI1(), from.knot0() - from.bI1());
    System.arraycopy(w, from.knot0(), out, to.knot0(), from.knots());
    return out;
  }
}
