package dev.mlrs.sim.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A labelled classification dataset held in memory: features scaled to [0, 1], stored flat (sample after
 * sample, {@link #featureSize()} floats each), and integer labels in [0, numClasses).
 *
 * <p>Instances are treated as immutable. The flat feature array is kept by reference and shared, not copied,
 * with the relabelled copies made by {@link #withLabels} (Fashion-MNIST's training split is 188 MB of floats);
 * {@link #subset} copies the features it picks. Callers must not write into {@link #featureArray()}.
 */
public final class Dataset {

  private final String name;
  private final float[] features;
  private final int[] labels;
  private final int numClasses;
  private final InputShape shape;

  /**
   * @param features flat features, {@code labels.length * shape.size()} values; kept by reference
   * @param labels one label per sample; copied
   */
  public Dataset(String name, float[] features, int[] labels, int numClasses, InputShape shape) {
    this.name = Objects.requireNonNull(name, "name");
    this.features = Objects.requireNonNull(features, "features");
    this.shape = Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(labels, "labels");
    if (numClasses < 1) {
      throw new IllegalArgumentException(name + ": numClasses must be positive, got " + numClasses);
    }
    long expected = (long) labels.length * shape.size();
    if (features.length != expected) {
      throw new IllegalArgumentException(name + ": " + labels.length + " samples of shape " + shape + " need "
          + expected + " feature values, got " + features.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(name + ": label " + labels[i] + " of sample " + i
            + " is outside [0, " + numClasses + ")");
      }
    }
    this.labels = labels.clone();
    this.numClasses = numClasses;
  }

  public String name() {
    return name;
  }

  /** Number of samples. */
  public int size() {
    return labels.length;
  }

  /** Number of feature values per sample. */
  public int featureSize() {
    return shape.size();
  }

  public int numClasses() {
    return numClasses;
  }

  public InputShape shape() {
    return shape;
  }

  public int label(int sample) {
    return labels[sample];
  }

  /** A copy of all labels. */
  public int[] labels() {
    return labels.clone();
  }

  /** A copy of one sample's features. */
  public float[] features(int sample) {
    float[] row = new float[featureSize()];
    copyFeatures(sample, row, 0);
    return row;
  }

  /** Copies one sample's features into {@code target} at {@code offset} (no allocation). */
  public void copyFeatures(int sample, float[] target, int offset) {
    Objects.checkIndex(sample, labels.length);
    System.arraycopy(features, sample * featureSize(), target, offset, featureSize());
  }

  /** The shared flat feature storage: read only (see the class comment). */
  public float[] featureArray() {
    return features;
  }

  /** Samples per class. */
  public int[] classCounts() {
    int[] counts = new int[numClasses];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /** The samples at {@code indices}, in that order (features are copied). */
  public Dataset subset(int[] indices, String newName) {
    int width = featureSize();
    float[] flat = new float[Math.multiplyExact(indices.length, width)];
    int[] picked = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int sample = Objects.checkIndex(indices[i], labels.length);
      System.arraycopy(features, sample * width, flat, i * width, width);
      picked[i] = labels[sample];
    }
    return new Dataset(newName, flat, picked, numClasses, shape);
  }

  /** The same features with other labels (features are shared, not copied). */
  public Dataset withLabels(int[] newLabels, String newName) {
    if (newLabels.length != labels.length) {
      throw new IllegalArgumentException(name + ": " + newLabels.length + " labels given for " + labels.length
          + " samples");
    }
    return new Dataset(newName, features, newLabels, numClasses, shape);
  }

  @Override
  public String toString() {
    return name + " (" + size() + " samples, " + numClasses + " classes, " + shape + ", class counts "
        + Arrays.toString(classCounts()) + ")";
  }
}
