package dev.mlrs.sim.schedule;

import java.util.Arrays;

/**
 * Step decay: lr_t = lr · factor^k, k = the number of milestones m_i ≤ t, with m_i = round(fraction_i · T)
 * and T the run's total steps. The classic ResNet schedule (He et al. 2016, "Deep Residual Learning for
 * Image Recognition": ÷10 at 50 % and 75 % of training); PyTorch's MultiStepLR with milestones in steps.
 */
public final class MultiStepSchedule implements LrSchedule {

  /** Fractions of the run at which the LR drops unless others are given. */
  public static final double[] DEFAULT_MILESTONES = {0.5, 0.75};
  public static final double DEFAULT_FACTOR = 0.1;

  private final double lr;
  private final double factor;
  private final long[] milestoneSteps;
  private final double[] fractions;

  /**
   * @param milestoneFractions increasing fractions of {@code totalSteps}, each in (0, 1)
   * @param factor             the LR is multiplied by this at each milestone, in (0, 1)
   */
  public MultiStepSchedule(double lr, double[] milestoneFractions, double factor, long totalSteps) {
    this.lr = Check.positive("lr", lr);
    this.factor = Check.openFraction("factor", factor);
    Check.atLeastOne("totalSteps", totalSteps);
    if (milestoneFractions.length == 0) {
      throw new IllegalArgumentException("multistep needs at least one milestone");
    }
    this.fractions = milestoneFractions.clone();
    this.milestoneSteps = new long[fractions.length];
    for (int i = 0; i < fractions.length; i++) {
      Check.openFraction("milestone" + (i + 1), fractions[i]);
      if (i > 0 && !(fractions[i] > fractions[i - 1])) {
        throw new IllegalArgumentException("milestones must increase, got " + Arrays.toString(fractions));
      }
      milestoneSteps[i] = Math.round(fractions[i] * totalSteps);
    }
  }

  @Override
  public double lr(long step, double loss) {
    int passed = 0;
    for (long milestone : milestoneSteps) {
      if (step >= milestone) {
        passed++;
      }
    }
    return lr * Math.pow(factor, passed);
  }

  /** The steps at which the LR drops. */
  public long[] milestoneSteps() {
    return milestoneSteps.clone();
  }

  @Override
  public String toString() {
    return "multistep(lr=" + lr + ", milestones=" + Arrays.toString(fractions) + ", factor=" + factor + ")";
  }
}
