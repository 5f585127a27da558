package dev.mlrs.experiments.replay;

/**
 * One step of one job as the topics recorded it: the job's report (steps), the agent's answer (lr) and, when
 * the job validated the step, its validation report. The decision and validation fields are null when the
 * topic holds no such record (e.g. the step fell back because no answer came, or it was outside the range read).
 */
public record StepRow(String job, long step, long timestampMillis, double loss, String learner, String mode,
                      long totalSteps, int numClasses, double referenceLoss, Double givenGamma, double lrMin,
                      double lrMax, String status, Double lr, Long learnerVersion, Integer stage, Double gamma,
                      Double output, Boolean clamped, String reason, Double valLoss, Double hypergradient) {

  /** The training progress step / totalSteps in [0, 1] the agent feeds a schedule-aware cell; 0 without a length. */
  public double progress() {
    if (totalSteps <= 0) {
      return 0.0;
    }
    return Math.min(Math.max((double) step / totalSteps, 0.0), 1.0);
  }

  /** True when the agent answered this step with an LR (status OK). */
  public boolean served() {
    return "OK".equals(status) && lr != null;
  }
}
