package dev.mlrs.client.dl4j;

import java.io.Serializable;

/**
 * The learning rate DL4J's updater uses for the current step. {@link ServedLrListener} writes it once
 * per step before the updater runs; every {@link ServedLrSchedule} (and every clone DL4J makes of
 * one) reads it. A copy made by Java serialisation or JSON has its own value: share instances, not
 * copies.
 */
public final class ServedLearningRate implements Serializable {

  private static final long serialVersionUID = 1L;

  private volatile double value;

  /** @param initial the LR to use until the first one is set (e.g. the job's initial fallback LR) */
  public ServedLearningRate(double initial) {
    set(initial);
  }

  public double get() {
    return value;
  }

  public void set(double lr) {
    if (!Double.isFinite(lr) || lr < 0) {
      throw new IllegalArgumentException("a learning rate must be finite and >= 0, got " + lr);
    }
    this.value = lr;
  }

  @Override
  public String toString() {
    return "ServedLearningRate[" + value + "]";
  }
}
