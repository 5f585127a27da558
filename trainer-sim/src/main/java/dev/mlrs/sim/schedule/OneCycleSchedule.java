package dev.mlrs.sim.schedule;

/**
 * Smith's 1cycle policy (Smith &amp; Topin 2019, "Super-Convergence: Very Fast Training of Neural Networks
 * Using Large Learning Rates") exactly as PyTorch's OneCycleLR computes it with its defaults
 * (anneal_strategy = "cos", three_phase = False; the momentum cycling of OneCycleLR is not part of this):
 * <ul>
 *   <li>start lr_0 = maxLr / divFactor (25), end lr_min = lr_0 / finalDivFactor (1e4);</li>
 *   <li>phase 1, steps 0 … p = pctStart · T − 1 (pctStart 0.3): cosine from lr_0 up to maxLr, reached at
 *       step p;</li>
 *   <li>phase 2, steps p … T − 1: cosine from maxLr down to lr_min, reached at the run's last step T − 1;
 *       after it the LR stays at lr_min.</li>
 * </ul>
 * The cosine from a to b over fraction q of a phase is b + (a − b) · ½(1 + cos(π q)).
 */
public final class OneCycleSchedule implements LrSchedule {

  public static final double DEFAULT_PCT_START = 0.3;
  public static final double DEFAULT_DIV_FACTOR = 25;
  public static final double DEFAULT_FINAL_DIV_FACTOR = 1e4;

  private final double maxLr;
  private final double initialLr;
  private final double minLr;
  private final double peakStep;
  private final double lastStep;
  private final long totalSteps;

  /** PyTorch's defaults: pctStart 0.3, divFactor 25, finalDivFactor 1e4. */
  public OneCycleSchedule(double maxLr, long totalSteps) {
    this(maxLr, DEFAULT_PCT_START, DEFAULT_DIV_FACTOR, DEFAULT_FINAL_DIV_FACTOR, totalSteps);
  }

  public OneCycleSchedule(double maxLr, double pctStart, double divFactor, double finalDivFactor, long totalSteps) {
    this.maxLr = Check.positive("maxLr", maxLr);
    Check.openFraction("pctStart", pctStart);
    this.initialLr = maxLr / Check.positive("divFactor", divFactor);
    this.minLr = initialLr / Check.positive("finalDivFactor", finalDivFactor);
    this.totalSteps = Check.atLeastOne("totalSteps", totalSteps);
    this.peakStep = pctStart * totalSteps - 1;
    this.lastStep = totalSteps - 1;
    // PyTorch divides by both phase lengths; each must be positive.
    if (!(peakStep > 0 && lastStep > peakStep)) {
      throw new IllegalArgumentException("onecycle needs pctStart * totalSteps > 1 and pctStart < 1; got pctStart = "
          + pctStart + ", totalSteps = " + totalSteps);
    }
  }

  @Override
  public double lr(long step, double loss) {
    if (step <= peakStep) {
      return cosine(initialLr, maxLr, step / peakStep);
    }
    return cosine(maxLr, minLr, Math.min(1, (step - peakStep) / (lastStep - peakStep)));
  }

  private static double cosine(double from, double to, double fraction) {
    return to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * fraction));
  }

  @Override
  public String toString() {
    return "onecycle(maxLr=" + maxLr + ", start=" + initialLr + ", end=" + minLr + ", peakStep=" + peakStep
        + ", totalSteps=" + totalSteps + ")";
  }
}
