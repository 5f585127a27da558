package dev.mlrs.sim.schedule;

/**
 * A hand-designed learning-rate schedule: the baseline MLR-SNet is compared against.
 *
 * <p>One instance serves one run. {@link #lr} is called once per training step, with steps in increasing
 * order, before the step is applied; an implementation may keep state (reduce-on-plateau does).
 */
public interface LrSchedule {

  /**
   * @param step the step about to be trained, from 0
   * @param loss the minibatch training loss at the current weights (without regularisation terms)
   * @return the learning rate step {@code step} trains with; finite and >= 0
   */
  double lr(long step, double loss);
}
