package dev.mlrs.client;

/**
 * Round-trip times in a fixed-size log-linear histogram (64 sub-buckets per power of two, so any
 * percentile is within 1/64 of the true value); the maximum is kept exactly. Thread-safe.
 */
final class LatencyHistogram {

  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;   // 64
  private static final int LINEAR = 2 * SUB;      // values below 128 ns get a bucket each
  private static final int BUCKETS = LINEAR + (63 - SUB_BITS) * SUB;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max = -1;

  synchronized void record(long nanos) {
    long value = Math.max(0, nanos);
    counts[index(value)]++;
    total++;
    max = Math.max(max, value);
  }

  synchronized long count() {
    return total;
  }

  /** The value at quantile q in [0, 1], in nanoseconds; NaN when empty. */
  synchronized double quantileNanos(double q) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(midpoint(i), max);
      }
    }
    return max;
  }

  synchronized double maxNanos() {
    return total == 0 ? Double.NaN : max;
  }

  static int index(long value) {
    if (value < LINEAR) {
      return (int) value;
    }
    int shift = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS; // value >> shift lies in [64, 128)
    return LINEAR + (shift - 1) * SUB + (int) ((value >> shift) - SUB);
  }

  static double midpoint(int index) {
    if (index < LINEAR) {
      return index;
    }
    int shift = (index - LINEAR) / SUB + 1;
    long sub = (index - LINEAR) % SUB + SUB;
    double width = Math.scalb(1.0, shift);
    return sub * width + (width - 1) / 2.0;
  }
}
