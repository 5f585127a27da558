package dev.mlrs.sim.schedule;

/**
 * Cosine annealing to zero over the run: lr_t = lr · ½(1 + cos(π t/T)), T the run's total steps, 0 from
 * t = T on (Loshchilov &amp; Hutter 2017, "SGDR: Stochastic Gradient Descent with Warm Restarts", without
 * restarts; PyTorch's CosineAnnealingLR with eta_min = 0, T_max = T).
 */
public final class CosineSchedule implements LrSchedule {

  private final double lr;
  private final long totalSteps;

  public CosineSchedule(double lr, long totalSteps) {
    this.lr = Check.positive("lr", lr);
    this.totalSteps = Check.atLeastOne("totalSteps", totalSteps);
  }

  @Override
  public double lr(long step, double loss) {
    return annealed(lr, (double) step / totalSteps);
  }

  /** lr · ½(1 + cos(π p)) for progress p clamped to [0, 1]; never negative (cos(π) rounds above -1). */
  static double annealed(double lr, double progress) {
    double p = Math.min(1, Math.max(0, progress));
    return Math.max(0, lr * 0.5 * (1 + Math.cos(Math.PI * p)));
  }

  @Override
  public String toString() {
    return "cosine(lr=" + lr + ", totalSteps=" + totalSteps + ")";
  }
}
