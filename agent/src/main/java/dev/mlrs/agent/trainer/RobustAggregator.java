package dev.mlrs.agent.trainer;

import java.util.Arrays;
import java.util.List;

/**
 * Combines the pooled meta-gradients of several jobs so that no single job can steer the learner:
 * each job contributes the mean of its own gradients (a job that sends more does not count more),
 * clipped to {@code clipMultiplier} times the (lower) median norm of all jobs' contributions and never above the
 * learner's fixed cap {@code maxNorm}; the result is the plain mean of the clipped contributions. A job whose
 * gradients are 10^6 times too large therefore weighs as much as a typical job, no more.
 *
 * <p>Only established jobs (see {@link OneStepMetaTrainer}) reach this class, so throwaway identities can set
 * neither the median nor the direction. Norms are computed with scaling (no overflow for any finite input), and
 * scaling happens before summing, so finite inputs always give a finite result.
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
      double[] g = perJobMeans.get(j);
      if (norms[j] > clip) {
        g = capped(g, clip);   // keeps the direction even where the norm itself overflows
        clipped++;
      }
      for (int k = 0; k < size; k++) {
        sum[k] += g[k] / n;   // divide before summing: n terms of at most clip / n cannot overflow
      }
    }
    return new Result(sum, median, clip, clipped);
  }

  /** The Euclidean norm without overflow or underflow: scaled by the largest magnitude first. */
  static double norm(double[] g) {
    double largest = 0;
    for (double v : g) {
      largest = Math.max(largest, Math.abs(v));
    }
    if (largest == 0 || !Double.isFinite(largest)) {
      return largest;
    }
    double s = 0;
    for (double v : g) {
      double r = v / largest;
      s += r * r;
    }
    return largest * Math.sqrt(s);
  }

  /**
   * {@code g} scaled to norm at most {@code cap} (a copy when it is scaled, {@code g} itself otherwise); used on
   * every meta-gradient before it is added to a pool, so that a pool's sum stays finite.
   */
  public static double[] capped(double[] g, double cap) {
    double norm = norm(g);
    if (norm <= cap) {
      return g;
    }
    double largest = 0;
    for (double v : g) {
      largest = Math.max(largest, Math.abs(v));
    }
    // In two steps, so that a norm that overflows to infinity still keeps the direction.
    double relative = norm(scaled(g, 1.0 / largest));
    return scaled(scaled(g, 1.0 / largest), cap / relative);
  }

  private static double[] scaled(double[] g, double factor) {
    double[] out = new double[g.length];
    for (int k = 0; k < g.length; k++) {
      out[k] = g[k] * factor;
    }
    return out;
  }

  /** The lower median: with two jobs it is the smaller norm, so neither can outweigh the other. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(sorted.length - 1) / 2];
  }
}
