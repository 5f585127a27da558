package dev.mlrs.agent.es;

/**
 * The noisy quadratic model of Wu, Ren, Liao and Grosse (2018), "Understanding short-horizon bias in stochastic
 * meta-optimization", in its exact expected dynamics: a training problem whose best LR schedule is known
 * without any sampling noise, so a meta-objective can be checked against it.
 *
 * <p>Loss 1/2 sum_i h_i theta_i^2 with curvatures h_i = 1/i (i = 1..d); SGD with LR alpha on minibatch gradients
 * h_i theta_i + noise of variance c_i = noise * h_i. With s_i = E[theta_i^2] (1 at the start):
 * <pre>  s_i <- (1 - alpha h_i)^2 s_i + alpha^2 c_i,     E[loss] = 1/2 sum_i h_i s_i  </pre>
 * A large LR shrinks the high-curvature directions fast but leaves a noise floor alpha c_i / (2 - alpha h_i);
 * the best schedule starts high and anneals, and a greedy (one-step) choice anneals far too early.
 * Stable for alpha < 2 / h_1 = 2. Shared with the tests module through the agent's test-jar.
 */
public final class NoisyQuadraticModel {
  private final double[] curvature;
  private final double[] noiseVariance;

  public NoisyQuadraticModel(int dims, double noise) {
    if (dims < 1 || !(noise >= 0)) {
      throw new IllegalArgumentException("need dims >= 1 and noise >= 0, got " + dims + ", " + noise);
    }
    curvature = new double[dims];
    noiseVariance = new double[dims];
    for (int i = 0; i < dims; i++) {
      curvature[i] = 1.0 / (i + 1);
      noiseVariance[i] = noise * curvature[i];
    }
  }

  public int dims() {
    return curvature.length;
  }

  /** E[theta_i^2] at the start: all ones. */
  public double[] start() {
    double[] s = new double[curvature.length];
    java.util.Arrays.fill(s, 1.0);
    return s;
  }

  /** The expected loss 1/2 sum h_i s_i. */
  public double loss(double[] s) {
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      sum += curvature[i] * s[i];
    }
    return 0.5 * sum;
  }

  /** One SGD step with LR alpha, in place. */
  public void step(double[] s, double alpha) {
    for (int i = 0; i < s.length; i++) {
      double shrink = 1 - alpha * curvature[i];
      s[i] = shrink * shrink * s[i] + alpha * alpha * noiseVariance[i];
    }
  }

  /** d E[loss after one step with LR alpha] / d alpha: the exact one-step hypergradient. */
  public double nextLossSlope(double[] s, double alpha) {
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      double h = curvature[i];
      sum += h * (-2 * h * (1 - alpha * h) * s[i] + 2 * alpha * noiseVariance[i]);
    }
    return 0.5 * sum;
  }

  /** The LR that minimises the next step's expected loss: sum h^2 s / sum h (h^2 s + c). */
  public double greedyLr(double[] s) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < s.length; i++) {
      double h = curvature[i];
      num += h * h * s[i];
      den += h * (h * h * s[i] + noiseVariance[i]);
    }
    return num / den;
  }

  /** Expected final loss of a whole schedule. */
  public double finalLoss(double[] schedule) {
    double[] s = start();
    for (double alpha : schedule) {
      step(s, alpha);
    }
    return loss(s);
  }

  /** The greedy policy's schedule over {@code steps} steps. */
  public double[] greedySchedule(int steps) {
    double[] s = start();
    double[] schedule = new double[steps];
    for (int t = 0; t < steps; t++) {
      schedule[t] = greedyLr(s);
      step(s, schedule[t]);
    }
    return schedule;
  }

  /** Cosine annealing from {@code peak} to 0: peak (1 + cos(pi t / T)) / 2. */
  public static double[] cosine(double peak, int steps) {
    double[] schedule = new double[steps];
    for (int t = 0; t < steps; t++) {
      schedule[t] = peak * 0.5 * (1 + Math.cos(Math.PI * t / steps));
    }
    return schedule;
  }
}
