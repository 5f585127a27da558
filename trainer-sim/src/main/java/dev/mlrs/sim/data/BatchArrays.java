package dev.mlrs.sim.data;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One pair of minibatch arrays (flat features [rows, featureSize], one-hot labels [rows, classes]) that is
 * filled again for every batch. Allocating ND4J arrays is slow on these machines (fresh memory costs about
 * 10 us per 4 KB page), so the arrays are made once and written through their NIO views.
 */
final class BatchArrays {

  private final int rows;
  private final int featureSize;
  private final int classes;
  private final INDArray features;
  private final INDArray labels;
  private final FloatBuffer featureView;
  private final FloatBuffer labelView;
  private final float[] oneHot;

  BatchArrays(int rows, int featureSize, int classes) {
    this.rows = rows;
    this.featureSize = featureSize;
    this.classes = classes;
    // Outside any workspace: these arrays outlive the training step that may be running when they are made.
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      this.features = Nd4j.create(DataType.FLOAT, rows, featureSize);
      this.labels = Nd4j.create(DataType.FLOAT, rows, classes);
    }
    this.featureView = features.data().asNioFloat();
    this.labelView = labels.data().asNioFloat();
    this.oneHot = new float[rows * classes];
  }

  int rows() {
    return rows;
  }

  /** Writes samples {@code order[from .. from+rows)} of {@code data} and returns a DataSet over the arrays. */
  DataSet fill(Dataset data, int[] order, int from) {
    float[] source = data.featureArray();
    Arrays.fill(oneHot, 0f);
    for (int r = 0; r < rows; r++) {
      int sample = order[from + r];
      featureView.put(r * featureSize, source, sample * featureSize, featureSize);
      oneHot[r * classes + data.label(sample)] = 1f;
    }
    labelView.put(0, oneHot);
    return new DataSet(features, labels);
  }
}
