package dev.mlrs.sim.schedule;

/**
 * What a schedule needs to know about its run.
 *
 * @param totalSteps    training steps of the whole run (the horizon of decaying schedules)
 * @param stepsPerEpoch steps of one pass over the training set (the unit of reduce-on-plateau windows)
 */
public record ScheduleContext(long totalSteps, long stepsPerEpoch) {

  public ScheduleContext {
    if (totalSteps < 1) {
      throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
    }
    if (stepsPerEpoch < 1) {
      throw new IllegalArgumentException("stepsPerEpoch must be >= 1, got " + stepsPerEpoch);
    }
  }
}
