package dev.mlrs.experiments.report;

/**
 * Student's t distribution with a whole number of degrees of freedom: the two-sided probability and its inverse,
 * for confidence intervals of means over a handful of seeds (where the normal 1.96 would be far too narrow: the
 * 97.5 % point is 2.78 for 4 degrees of freedom).
 *
 * <p>For whole ν the probability P(|T| ≤ t) has a closed form in θ = atan(t/√ν) (Abramowitz and Stegun 26.7.3,
 * 26.7.4): a finite series in cos²θ, so no gamma or incomplete beta function is needed. Quantiles invert it by
 * bisection, which is exact to double precision because the probability increases with t.
 */
public final class StudentT {
  private static final int BISECTION_STEPS = 200;

  private StudentT() {
  }

  /** P(|T| ≤ t) for ν = {@code df} degrees of freedom; t ≥ 0. */
  public static double twoSidedProbability(double t, int df) {
    if (df < 1) {
      throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + df);
    }
    if (!(t >= 0)) {
      throw new IllegalArgumentException("t must be >= 0, got " + t);
    }
    if (t == Double.POSITIVE_INFINITY) {
      return 1;
    }
    double theta = Math.atan(t / Math.sqrt(df));
    double sin = Math.sin(theta);
    double cos = Math.cos(theta);
    double cos2 = cos * cos;
    double sum = 1;
    double term = 1;
    if (df % 2 == 1) {
      if (df == 1) {
        return 2 * theta / Math.PI;
      }
      // 1 + (2/3) cos² + (2·4)/(3·5) cos⁴ + … up to cos^(ν−3)
      for (int k = 1; k <= (df - 3) / 2; k++) {
        term *= (2.0 * k) / (2.0 * k + 1) * cos2;
        sum += term;
      }
      return Math.min(1, 2 / Math.PI * (theta + sin * cos * sum));
    }
    // 1 + (1/2) cos² + (1·3)/(2·4) cos⁴ + … up to cos^(ν−2)
    for (int k = 1; k <= (df - 2) / 2; k++) {
      term *= (2.0 * k - 1) / (2.0 * k) * cos2;
      sum += term;
    }
    return Math.min(1, sin * sum);
  }

  /** The cumulative distribution function P(T ≤ t). */
  public static double cdf(double t, int df) {
    double twoSided = twoSidedProbability(Math.abs(t), df);
    return t >= 0 ? 0.5 + twoSided / 2 : 0.5 - twoSided / 2;
  }

  /** The t with P(T ≤ t) = p, e.g. quantile(0.975, 4) = 2.776 for a 95 % interval from 5 values. */
  public static double quantile(double p, int df) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must lie in (0, 1), got " + p);
    }
    if (p == 0.5) {
      return 0;
    }
    if (p < 0.5) {
      return -quantile(1 - p, df);
    }
    double target = 2 * p - 1;
    double low = 0;
    double high = 1;
    while (twoSidedProbability(high, df) < target) {
      low = high;
      high *= 2;
    }
    for (int i = 0; i < BISECTION_STEPS && high - low > Math.ulp(high); i++) {
      double mid = (low + high) / 2;
      if (twoSidedProbability(mid, df) < target) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }
}
