package dev.mlrs.sim.data;

import java.util.Objects;
import org.nd4j.linalg.dataset.DataSet;

/** Whole datasets (or chosen samples) as one DL4J DataSet with one-hot labels, e.g. a validation set. */
public final class Dl4jDataSets {

  private Dl4jDataSets() {
  }

  /** All samples in stored order, in newly allocated arrays. */
  public static DataSet of(Dataset data) {
    int[] all = new int[data.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return of(data, all);
  }

  /** The samples at {@code indices}, in that order, in newly allocated arrays. */
  public static DataSet of(Dataset data, int[] indices) {
    if (indices.length == 0) {
      throw new IllegalArgumentException("no samples selected from " + data.name());
    }
    for (int index : indices) {
      Objects.checkIndex(index, data.size());
    }
    return new BatchArrays(indices.length, data.featureSize(), data.numClasses()).fill(data, indices, 0);
  }
}
