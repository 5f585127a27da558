package dev.mlrs.experiments.report;

import java.util.Arrays;

/**
 * Mean and sample standard deviation (n - 1 denominator) of one number over seeds. Non-finite values (a diverged
 * run's loss) are left out and counted, so one NaN does not wipe out the other seeds.
 */
record SeedStats(int count, int nonFinite, double mean, double sampleStd) {

  static SeedStats of(double... values) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
    int n = finite.length;
    double mean = n == 0 ? Double.NaN : Arrays.stream(finite).sum() / n;
    double std = Double.NaN;
    if (n >= 2) {
      double squares = Arrays.stream(finite).map(v -> (v - mean) * (v - mean)).sum();
      std = Math.sqrt(squares / (n - 1));
    }
    return new SeedStats(n, values.length - n, mean, std);
  }

  boolean hasStd() {
    return count >= 2;
  }
}
