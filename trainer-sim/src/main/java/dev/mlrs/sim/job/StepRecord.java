package dev.mlrs.sim.job;

/** What happened at one training step: the loss reported and the LR the step trained with. */
public record StepRecord(long step, double loss, double lr, boolean fallback, long learnerVersion, double roundTripMs) {

  /** A step whose LR came from a local schedule, not the service: no fallback, no learner (-1), no round trip. */
  public static StepRecord local(long step, double loss, double lr) {
    return new StepRecord(step, loss, lr, false, -1, 0);
  }
}
