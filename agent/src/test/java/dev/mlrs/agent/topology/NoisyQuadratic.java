package dev.mlrs.agent.topology;

import java.util.Random;

/**
 * A training problem with a known answer: L(w) = lambda/2 |w|^2, minibatch gradients lambda w + noise.
 * Plain SGD converges fastest at LR 1/lambda and diverges above 2/lambda. The clean validation loss is L
 * itself, so the one-step hypergradient is exact: h = -<lambda (w - alpha g), g>.
 */
final class NoisyQuadratic {
  final double curvature;
  private final double noise;
  private final double[] w;
  private final double[] g;
  private final Random random;

  NoisyQuadratic(int dim, double curvature, double noise, double startScale, long seed) {
    this.curvature = curvature;
    this.noise = noise;
    this.random = new Random(seed);
    this.w = new double[dim];
    this.g = new double[dim];
    for (int i = 0; i < dim; i++) {
      w[i] = random.nextGaussian() * startScale;
    }
  }

  /**
   * Draws this step's minibatch: returns its loss; the gradient is kept for {@link #hypergradient} and
   * {@link #step}.
   */
  double sampleMinibatch() {
    double noiseDotW = 0;
    for (int i = 0; i < w.length; i++) {
      double xi = random.nextGaussian() * noise;
      g[i] = curvature * w[i] + xi;
      noiseDotW += xi * w[i];
    }
    return loss() + noiseDotW;
  }

  /**
   * Samples a minibatch like {@link #sampleMinibatch} and returns its loss as a job reports it: the estimate can dip
   * below zero near the optimum, and the agent takes non-negative losses only (docs/reliability.md), so it is
   * reported clamped at 0.
   */
  double sampleReportedLoss() {
    return Math.max(0.0, sampleMinibatch());
  }

  /** dL_val(w - alpha g)/d alpha at the given alpha. */
  double hypergradient(double alpha) {
    double h = 0;
    for (int i = 0; i < w.length; i++) {
      h -= curvature * (w[i] - alpha * g[i]) * g[i];
    }
    return h;
  }

  void step(double alpha) {
    for (int i = 0; i < w.length; i++) {
      w[i] -= alpha * g[i];
    }
  }

  double loss() {
    double s = 0;
    for (double v : w) {
      s += v * v;
    }
    return 0.5 * curvature * s;
  }
}
