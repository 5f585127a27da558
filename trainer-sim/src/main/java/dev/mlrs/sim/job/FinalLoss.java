package dev.mlrs.sim.job;

import java.util.List;

/**
 * The one final-loss rule of the project: the mean minibatch loss over the last 5 % of a run's steps (at least
 * one step). A share of the run rather than a fixed count, so that short and long runs are summarised alike:
 * a fixed 50 steps would be a third of a 150-step run but a sliver of a 20,000-step one.
 */
public final class FinalLoss {
  /** The run's tail is 1/20 of its steps (integer division), and at least one step. */
  static final int TAIL_DIVISOR = 20;

  private FinalLoss() {
  }

  /** NaN for a run without steps. */
  public static double of(List<StepRecord> steps) {
    if (steps.isEmpty()) {
      return Double.NaN;
    }
    int tail = Math.max(1, steps.size() / TAIL_DIVISOR);
    return steps.subList(steps.size() - tail, steps.size()).stream().mapToDouble(StepRecord::loss).average()
        .orElse(Double.NaN);
  }
}
