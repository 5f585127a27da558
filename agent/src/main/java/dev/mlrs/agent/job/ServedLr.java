package dev.mlrs.agent.job;

import dev.mlrs.schemas.StepReport;

/**
 * The LR a step is served: gamma * output clamped to the report's [lrMin, lrMax]. One function for a fresh step
 * and for a re-delivered one ({@link DecisionRing} keeps gamma and the output, not the LR), so that a re-delivery
 * gets the very same double.
 */
public final class ServedLr {

  private ServedLr() {
  }

  /** The LR served. */
  public static double of(double gamma, double output, StepReport report) {
    return Math.min(Math.max(gamma * output, report.getLrMin()), report.getLrMax());
  }

  /** -1 when gamma * output was raised to lrMin, +1 when it was lowered to lrMax, 0 when it was served as is. */
  public static int clampSide(double gamma, double output, StepReport report) {
    double raw = gamma * output;
    return raw < report.getLrMin() ? -1 : raw > report.getLrMax() ? 1 : 0;
  }
}
