package dev.mlrs.sim.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded ways to cut a dataset: a clean validation hold-out, a random train/test split and a training subset.
 * All keep the original relative order of the samples they keep, so that {@link EpochOrder} alone decides the
 * training order.
 */
public final class Split {

  // Different streams from the epoch orders of the same seed.
  private static final long VALIDATION_STREAM = -1;
  private static final long LIMIT_STREAM = -2;
  private static final long TEST_STREAM = -3;

  private Split() {
  }

  /**
   * Holds out {@code n} samples of {@code train} as a validation set. Do this before adding label noise so
   * that the validation labels stay clean.
   */
  public static TrainValidation cleanValidation(Dataset train, int n, long seed) {
    if (n <= 0 || n >= train.size()) {
      throw new IllegalArgumentException("validation size must be in [1, " + (train.size() - 1) + "] for "
          + train.name() + ", got " + n);
    }
    int[][] parts = pick(train.size(), n, EpochOrder.random(seed, VALIDATION_STREAM));
    return new TrainValidation(train.subset(parts[1], train.name() + "/train"),
        train.subset(parts[0], train.name() + "/validation"));
  }

  /** A random test set of {@code testCount} samples and the rest as training set. */
  public static TrainTest randomSplit(Dataset all, int testCount, long seed) {
    if (testCount <= 0 || testCount >= all.size()) {
      throw new IllegalArgumentException("test size must be in [1, " + (all.size() - 1) + "] for " + all.name()
          + ", got " + testCount);
    }
    int[][] parts = pick(all.size(), testCount, EpochOrder.random(seed, TEST_STREAM));
    return new TrainTest(all.subset(parts[1], all.name() + "/train"), all.subset(parts[0], all.name() + "/test"));
  }

  /** A random subset of {@code n} samples (for fast runs); the dataset itself when n is 0 or >= its size. */
  public static Dataset limit(Dataset data, int n, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + n);
    }
    if (n == 0 || n >= data.size()) {
      return data;
    }
    int[][] parts = pick(data.size(), n, EpochOrder.random(seed, LIMIT_STREAM));
    return data.subset(parts[0], data.name() + "[" + n + "]");
  }

  /** Chooses {@code n} of {@code size} indices: [0] the chosen ones, [1] the others; both sorted. */
  private static int[][] pick(int size, int n, SplittableRandom random) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    EpochOrder.shuffle(order, random);
    int[] chosen = Arrays.copyOfRange(order, 0, n);
    int[] rest = Arrays.copyOfRange(order, n, size);
    Arrays.sort(chosen);
    Arrays.sort(rest);
    return new int[][] {chosen, rest};
  }
}
