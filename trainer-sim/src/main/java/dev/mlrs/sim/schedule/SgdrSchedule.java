package dev.mlrs.sim.schedule;

/**
 * Cosine annealing with warm restarts (Loshchilov &amp; Hutter 2017, "SGDR: Stochastic Gradient Descent with
 * Warm Restarts"), with the period doubling at each restart (T_mult = 2). Cycle i (from 0) starts at
 * s_i = T_0 (2^i − 1), lasts T_i = T_0 · 2^i, and inside it lr_t = lr · ½(1 + cos(π (t − s_i)/T_i)).
 * T_0 = T / (2^cycles − 1), so that the cycles fill the run's T steps exactly (cycles = 3: periods T_0,
 * 2T_0, 4T_0 with 7T_0 = T, restarts at T_0 and 3T_0). When T_0 is not a whole number a restart happens at
 * the first step at or after its boundary. From T on the LR stays at the last cycle's end, 0.
 */
public final class SgdrSchedule implements LrSchedule {

  private final double lr;
  private final int cycles;
  private final long totalSteps;
  private final double firstPeriod;

  /** @param cycles number of cosine cycles in the run, >= 1 (1 is plain cosine annealing) */
  public SgdrSchedule(double lr, int cycles, long totalSteps) {
    this.lr = Check.positive("lr", lr);
    this.totalSteps = Check.atLeastOne("totalSteps", totalSteps);
    Check.atLeastOne("cycles", cycles);
    // Every period must be at least one step: T_0 = T / (2^cycles - 1) >= 1.
    if (cycles > 62 || (1L << cycles) - 1 > totalSteps) {
      throw new IllegalArgumentException("cycles = " + cycles + " is too many for " + totalSteps
          + " steps: the first period T/(2^cycles - 1) would be shorter than one step");
    }
    this.cycles = cycles;
    this.firstPeriod = (double) totalSteps / ((1L << cycles) - 1);
  }

  @Override
  public double lr(long step, double loss) {
    double start = 0;
    double period = firstPeriod;
    // Sums of whole-number periods are exact in double, so restarts land exactly on s_i.
    for (int cycle = 0; cycle < cycles - 1 && step >= start + period; cycle++) {
      start += period;
      period *= 2;
    }
    return CosineSchedule.annealed(lr, (step - start) / period);
  }

  /** T_0, the length of the first cycle in steps. */
  public double firstPeriod() {
    return firstPeriod;
  }

  @Override
  public String toString() {
    return "sgdr(lr=" + lr + ", cycles=" + cycles + ", totalSteps=" + totalSteps + ")";
  }
}
