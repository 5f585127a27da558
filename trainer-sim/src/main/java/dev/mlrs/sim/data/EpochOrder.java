package dev.mlrs.sim.data;

import java.util.SplittableRandom;

/**
 * The sample order of one epoch, a pure function of (size, seed, epoch). Runs that compare schedules use the
 * same seed and therefore see exactly the same minibatches in the same order, however they consume them.
 */
public final class EpochOrder {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private EpochOrder() {
  }

  /** A permutation of 0..size-1 (Fisher-Yates). */
  public static int[] permutation(int size, long seed, int epoch) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    shuffle(order, random(seed, epoch));
    return order;
  }

  static SplittableRandom random(long seed, long stream) {
    // Distinct, well-mixed streams per (seed, epoch); SplittableRandom mixes the combined seed again.
    return new SplittableRandom(seed * GOLDEN_GAMMA + (stream + 1) * 0xBF58476D1CE4E5B9L);
  }

  static void shuffle(int[] values, SplittableRandom random) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }
}
