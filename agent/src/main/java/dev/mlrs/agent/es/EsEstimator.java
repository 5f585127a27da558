package dev.mlrs.agent.es;

import dev.mlrs.agent.math.AdamOptimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The antithetic evolution-strategies estimate of the gradient of the expected fitness, and the Adam step
 * that applies it.
 *
 * <pre>  g = sum over pairs p of d_p * epsilon_p / (2 * sigma * n)  </pre>
 *
 * with d_p the pair's fitness difference f+ - f- (or its normalised signal, {@link Fitness#pairSignal}) and
 * n the number of pairs. Each pair differences out everything that both sides share (initial weights,
 * data order, the task's loss level), which is why the two jobs of a pair share their seed.
 */
public final class EsEstimator {

  private EsEstimator() {
  }

  /** The estimate from explicit directions and fitness differences (one per pair). */
  public static double[] gradient(List<double[]> epsilons, double[] differences, double sigma) {
    if (epsilons.isEmpty() || epsilons.size() != differences.length) {
      throw new IllegalArgumentException("need one difference per direction and at least one pair, got "
          + epsilons.size() + " directions and " + differences.length + " differences");
    }
    if (!(sigma > 0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and positive to estimate a gradient, got " + sigma);
    }
    int size = epsilons.get(0).length;
    double[] g = new double[size];
    double scale = 1.0 / (2 * sigma * epsilons.size());
    for (int p = 0; p < differences.length; p++) {
      double[] eps = epsilons.get(p);
      if (eps.length != size) {
        throw new IllegalArgumentException("direction " + p + " has " + eps.length + " entries, not " + size);
      }
      if (!Double.isFinite(differences[p])) {
        throw new IllegalArgumentException("difference of pair " + p + " is " + differences[p]);
      }
      double weight = differences[p] * scale;
      for (int k = 0; k < size; k++) {
        g[k] += weight * eps[k];
      }
    }
    return g;
  }

  /**
   * The estimate of a generation of complete pairs, from their normalised signals; each pair's epsilon is
   * derived again from (learner, generation, pair key) by {@link EsNoise}.
   */
  public static double[] gradient(EsSubspaceMask mask, String learner, long generation, List<EsPairResult> pairs,
                                  double sigma) {
    List<double[]> epsilons = new ArrayList<>(pairs.size());
    double[] signals = new double[pairs.size()];
    for (int p = 0; p < pairs.size(); p++) {
      epsilons.add(EsNoise.epsilon(mask, learner, generation, pairs.get(p).key()));
      signals[p] = pairs.get(p).signal();
    }
    return gradient(epsilons, signals, sigma);
  }

  /** Adam of the ES update: step size from the ES settings, the usual betas and epsilon, no weight decay. */
  public static AdamOptimizer.Settings adam(double learningRate) {
    return new AdamOptimizer.Settings(learningRate, 0.9, 0.999, 1e-8, 0.0);
  }

  /**
   * One Adam step on phi (in place, with the moments m and v); {@code step} counts from 1. Without weight decay
   * the weights outside the ES mask have zero gradient and zero moments, so they stay exactly as they are.
   */
  public static void update(double[] phi, double[] gradient, double[] m, double[] v, long step, double learningRate) {
    AdamOptimizer.step(adam(learningRate), phi, gradient, m, v, step);
  }
}
