package dev.mlrs.client;

/**
 * The learning rate a job uses when the service gives none for a step (no reply in time, a rejected
 * report, a send failure, a closed client). The client clamps the result to [lrMin, lrMax]; a result
 * that is not a finite number, or an exception, becomes lrMin.
 */
@FunctionalInterface
public interface FallbackSchedule {

  /**
   * @param step         the step that needs an LR
   * @param lastServedLr the last LR the service served to this client, or NaN when it has served none yet
   */
  double lr(long step, double lastServedLr);

  /** Keep training at the last served LR; before the first one, at {@code initialLr}. */
  static FallbackSchedule lastServedOr(double initialLr) {
    requireLr(initialLr, "initialLr");
    return (step, lastServedLr) -> Double.isNaN(lastServedLr) ? initialLr : lastServedLr;
  }

  /** Always the same LR, whatever the service served before. */
  static FallbackSchedule constant(double lr) {
    requireLr(lr, "lr");
    return (step, lastServedLr) -> lr;
  }

  private static void requireLr(double lr, String name) {
    if (!Double.isFinite(lr) || lr < 0) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + lr);
    }
  }
}
