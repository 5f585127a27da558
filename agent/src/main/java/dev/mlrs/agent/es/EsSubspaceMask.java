package dev.mlrs.agent.es;

import dev.mlrs.agent.math.CellShape;
import dev.mlrs.schemas.EsSubspace;
import java.util.Arrays;

/**
 * The weights that evolution strategies perturbs, as sorted indices into a cell's flat weight vector
 * (docs/learner-layout.md). HEAD: the progress knots and the output bias b3. SUBSPACE: the output layer (W3, b3),
 * the input layer (W_i1 with all its input columns, b_i1) and the knots. FULL: every weight.
 */
public final class EsSubspaceMask {
  private final CellShape shape;
  private final EsSubspace subspace;
  private final int[] indices;

  private EsSubspaceMask(CellShape shape, EsSubspace subspace, int[] indices) {
    this.shape = shape;
    this.subspace = subspace;
    this.indices = indices;
  }

  public static EsSubspaceMask of(CellShape shape, EsSubspace subspace) {
    int[] indices = switch (subspace) {
      case HEAD -> concat(range(shape.b3(), shape.b3() + 1), range(shape.knot0(), shape.parameterCount()));
      case SUBSPACE -> concat(range(shape.wI1(), shape.wI2()), range(shape.w3(), shape.parameterCount()));
      case FULL -> range(0, shape.parameterCount());
    };
    return new EsSubspaceMask(shape, subspace, indices);
  }

  public CellShape shape() {
    return shape;
  }

  public EsSubspace subspace() {
    return subspace;
  }

  /** Number of perturbed weights. */
  public int size() {
    return indices.length;
  }

  /** The flat index of the k-th perturbed weight (ascending in k). */
  public int index(int k) {
    return indices[k];
  }

  /** A copy of all perturbed indices, ascending. */
  public int[] indices() {
    return indices.clone();
  }

  public boolean contains(int flatIndex) {
    return Arrays.binarySearch(indices, flatIndex) >= 0;
  }

  private static int[] range(int from, int to) {
    int[] out = new int[to - from];
    for (int k = 0; k < out.length; k++) {
      out[k] = from + k;
    }
    return out;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public String toString() {
    return subspace + " of " + shape + " (" + indices.length + " weights)";
  }
}
