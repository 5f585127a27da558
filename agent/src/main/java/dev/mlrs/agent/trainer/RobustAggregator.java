package dev.mlrs.agent.trainer;

import java.util.Arrays;
import java.util.List;

/**
 * Combines the pooled meta-gradients of several jobs so that no single job can steer the learner:
 * each job contributes the mean of its own gradients (a job that sends more does not count more),
 * clipped to {@code clipMultiplier} times the (lower) median norm of all jobs' contributions (and to an
 * absolute {@code maxNorm}); the result is the plain mean of the clipped contributions. A job whose
 * gradients are 10^6 times too large therefore weighs as much as a typical job, no more.
 */
public final class RobustAggregator {

  /** The combined gradient and what the clipping did. */
  public record Result(double[] gradient, double medianNorm, double clipNorm, int clipped) {
  }

  private RobustAggregator() {
  }

  public static Result aggregate(List<double[]> perJobMeans, double clipMultiplier, double maxNorm) {
    if (perJobMeans.isEmpty()) {
      throw new IllegalArgumentException("nothing to aggregate");
    }
    int n = perJobMeans.size();
    int size = perJobMeans.get(0).length;
    double[] norms = new double[n];
    for (int j = 0; j < n; j++) {
      if (perJobMeans.get(j).length != size) {
        throw new IllegalArgumentException("gradients differ in length");
      }
      norms[j] = norm(perJobMeans.get(j));
    }
    double median = median(norms);
    double clip = Math.min(maxNorm, clipMultiplier * median);
    double[] sum = new double[size];
    int clipped = 0;
    for (int j = 0; j < n; j++) {
      double scale = 1.0;
      if (norms[j] > clip) {
        scale = clip / norms[j];
        clipped++;
      }
      double[] g = perJobMeans.get(j);
      for (int k = 0; k < size; k++) {
        sum[k] += scale * g[k];
      }
    }
    for (int k = 0; k < size; k++) {
      sum[k] /= n;
    }
    return new Result(sum, median, clip, clipped);
  }

  static double norm(double[] g) {
    double s = 0;
    for (double v : g) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  /** The lower median: with two jobs it is the smaller norm, so neither can outweigh the other. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(sorted.length - 1) / 2];
  }
}
