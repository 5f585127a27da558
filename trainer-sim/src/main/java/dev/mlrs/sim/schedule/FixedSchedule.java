package dev.mlrs.sim.schedule;

/** The same learning rate at every step: lr_t = lr. */
public final class FixedSchedule implements LrSchedule {

  private final double lr;

  public FixedSchedule(double lr) {
    this.lr = Check.positive("lr", lr);
  }

  @Override
  public double lr(long step, double loss) {
    return lr;
  }

  @Override
  public String toString() {
    return "fixed(lr=" + lr + ")";
  }
}
