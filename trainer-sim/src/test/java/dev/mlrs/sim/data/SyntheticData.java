package dev.mlrs.sim.data;

import java.util.SplittableRandom;

/** Small generated datasets for tests. */
public final class SyntheticData {

  private SyntheticData() {
  }

  /**
   * A separable problem: each class has a random prototype in [0, 1]; samples are their class's prototype
   * plus a little noise, clipped to [0, 1]. Labels cycle 0, 1, ..., C-1, 0, ...
   */
  public static Dataset prototypes(int n, int numClasses, InputShape shape, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int d = shape.size();
    float[][] prototypes = new float[numClasses][d];
    for (float[] p : prototypes) {
      for (int j = 0; j < d; j++) {
        p[j] = random.nextDouble() < 0.5 ? 0.1f : 0.9f;
      }
    }
    float[] features = new float[n * d];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % numClasses;
      for (int j = 0; j < d; j++) {
        float v = prototypes[labels[i]][j] + (float) ((random.nextDouble() - 0.5) * 0.2);
        features[i * d + j] = Math.min(1f, Math.max(0f, v));
      }
    }
    return new Dataset("synthetic", features, labels, numClasses, shape);
  }

  /** Sample i has every feature equal to i / n, so a feature value identifies its sample. */
  public static Dataset indexed(int n, int numClasses, int featureSize) {
    float[] features = new float[n * featureSize];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % numClasses;
      for (int j = 0; j < featureSize; j++) {
        features[i * featureSize + j] = (float) i / n;
      }
    }
    return new Dataset("indexed", features, labels, numClasses, InputShape.flat(featureSize));
  }

  /** Random labels (uniform over classes) with one constant feature each; for label-noise tests. */
  public static Dataset randomLabels(int n, int numClasses, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(numClasses);
    }
    return new Dataset("random-labels", new float[n], labels, numClasses, InputShape.flat(1));
  }
}
