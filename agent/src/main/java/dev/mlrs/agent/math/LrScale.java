package dev.mlrs.agent.math;

/**
 * The LR scale gamma of METHOD.md section 1: the learner's LR is gamma * sigmoid(.), so gamma is its upper bound.
 *
 * <pre>  gamma = | sqrt(L0) * ln(L0 * C) / C^(1/4) / 4 |  </pre>
 *
 * L0 is the mean training loss (of the fresh model, or of the current model at a stage switch) and C
 * the number of classes. The formula is zero at L0 = 1/C and grows again below it, so a model whose
 * loss has fallen near 1/C would get no LR at all. Guard: L0 is raised to at least e/C before the
 * formula is applied. That keeps gamma continuous and non-decreasing in L0 and never below
 * sqrt(e/C) / C^(1/4) / 4 (0.073 for C = 10, 0.029 for C = 100); at the usual start, L0 = ln C, the
 * guard does nothing (gamma = 0.668 for C = 10, 1.04 for C = 100).
 */
public final class LrScale {

  private LrScale() {
  }

  public static double gamma(double referenceLoss, int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be at least 2 to compute gamma, got " + numClasses);
    }
    if (!Double.isFinite(referenceLoss) || referenceLoss <= 0) {
      throw new IllegalArgumentException("referenceLoss must be finite and positive to compute gamma, got "
          + referenceLoss);
    }
    double classes = numClasses;
    double loss = Math.max(referenceLoss, Math.E / classes);
    return Math.abs(Math.sqrt(loss) * Math.log(loss * classes) / Math.pow(classes, 0.25) / 4.0);
  }

  /**
   * The gamma a job is served with: the job's own when it gives one, else the learner's fixed scale when it has
   * one, else the formula above from the job's initial loss and class count.
   */
  public static double forJob(Double jobGamma, Double learnerScale, double referenceLoss, int numClasses) {
    if (jobGamma != null) {
      return jobGamma;
    }
    return learnerScale != null ? learnerScale : gamma(referenceLoss, numClasses);
  }

  /** The formula without the guard (for comparison with the reference). */
  public static double unguardedGamma(double referenceLoss, int numClasses) {
    double classes = numClasses;
    return Math.abs(Math.sqrt(referenceLoss) * Math.log(referenceLoss * classes) / Math.pow(classes, 0.25) / 4.0);
  }
}
