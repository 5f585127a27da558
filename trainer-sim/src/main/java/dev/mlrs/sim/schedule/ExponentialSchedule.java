package dev.mlrs.sim.schedule;

/**
 * Smooth exponential decay: lr_t = lr · f^(t/T), T the run's total steps, so the LR shrinks by the same
 * ratio every step and reaches lr · f at t = T (held there after T). PyTorch's ExponentialLR with
 * gamma = f^(1/T), applied per step (the "exponential decay" baseline of the MLR-SNet paper, Shu et al.
 * 2020).
 */
public final class ExponentialSchedule implements LrSchedule {

  private final double lr;
  private final double finalFactor;
  private final long totalSteps;

  /** @param finalFactor f in (0, 1]: the LR at the end relative to the start */
  public ExponentialSchedule(double lr, double finalFactor, long totalSteps) {
    this.lr = Check.positive("lr", lr);
    if (!(finalFactor > 0 && finalFactor <= 1)) {
      throw new IllegalArgumentException("finalFactor must be in (0, 1], got " + finalFactor);
    }
    this.finalFactor = finalFactor;
    this.totalSteps = Check.atLeastOne("totalSteps", totalSteps);
  }

  @Override
  public double lr(long step, double loss) {
    double progress = (double) Math.min(step, totalSteps) / totalSteps;
    return lr * Math.pow(finalFactor, progress);
  }

  @Override
  public String toString() {
    return "exponential(lr=" + lr + ", finalFactor=" + finalFactor + ", totalSteps=" + totalSteps + ")";
  }
}
