package dev.mlrs.agent.math;

/**
 * Adam with L2 weight decay added to the gradient (the convention of PyTorch's torch.optim.Adam, which
 * the reference uses: lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 1e-4). Updates in place.
 */
public final class AdamOptimizer {

  private AdamOptimizer() {
  }

  public record Settings(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
    public static final Settings REFERENCE = new Settings(1e-3, 0.9, 0.999, 1e-8, 1e-4);

    public Settings {
      if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)
          || !(weightDecay >= 0)) {
        throw new IllegalArgumentException("invalid Adam settings: " + this);
      }
    }
  }

  /**
   * One Adam step. {@code step} is the 1-based number of this update (for bias correction);
   * {@code m} and {@code v} are the first and second moments, updated in place like the weights.
   */
  public static void step(Settings s, double[] weights, double[] gradient, double[] m, double[] v, long step) {
    if (step < 1) {
      throw new IllegalArgumentException("Adam steps count from 1, got " + step);
    }
    double correction1 = 1 - Math.pow(s.beta1(), step);
    double correction2 = 1 - Math.pow(s.beta2(), step);
    for (int k = 0; k < weights.length; k++) {
      double g = gradient[k] + s.weightDecay() * weights[k];
      m[k] = s.beta1() * m[k] + (1 - s.beta1()) * g;
      v[k] = s.beta2() * v[k] + (1 - s.beta2()) * g * g;
      double mHat = m[k] / correction1;
      double vHat = v[k] / correction2;
      weights[k] -= s.learningRate() * mHat / (Math.sqrt(vHat) + s.epsilon());
    }
  }
}
