package dev.mlrs.bench;

import java.util.Arrays;

/** Percentiles of a sample (nearest rank). */
final class Percentiles {
  private final double[] sorted;

  Percentiles(double[] values) {
    sorted = values.clone();
    Arrays.sort(sorted);
  }

  double at(double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  double median() {
    return at(0.5);
  }
}
