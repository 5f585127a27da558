package dev.mlrs.sim.schedule;

/**
 * Reduce-on-plateau on the training loss (PyTorch's ReduceLROnPlateau in mode "min", threshold mode
 * "rel", cooldown 0, fed with the mean training loss of consecutive windows of steps instead of a
 * validation metric per epoch).
 *
 * <p>The losses of each window of {@code window} steps are averaged. A window is good when its mean m is
 * below best · (1 − threshold), best being the lowest good mean so far (the first window is always good);
 * otherwise it is bad. When {@code patience} bad windows have accumulated since the last good window or
 * reduction, lr ← max(lr · factor, minLr) and the count starts again. Unlike PyTorch, which reduces after
 * patience + 1 bad epochs, this reduces on the patience-th bad window. A window's last loss is that of the
 * step being asked about, known before that step trains, so a reduction already applies to that step.
 *
 * <p>Stateful: one instance per run, called once per step in order.
 */
public final class PlateauSchedule implements LrSchedule {

  public static final double DEFAULT_FACTOR = 0.1;
  public static final int DEFAULT_PATIENCE = 1;
  public static final double DEFAULT_MIN_LR = 1e-5;
  public static final double DEFAULT_THRESHOLD = 1e-4;

  private final double initialLr;
  private final double factor;
  private final int patience;
  private final long window;
  private final double minLr;
  private final double threshold;

  private double lr;
  private double best = Double.POSITIVE_INFINITY;
  private int badWindows;
  private double windowSum;
  private long windowCount;
  private int reductions;

  /** The defaults: factor 0.1, patience 1, window = half an epoch, minLr 1e-5, threshold 1e-4. */
  public PlateauSchedule(double lr, long stepsPerEpoch) {
    this(lr, DEFAULT_FACTOR, DEFAULT_PATIENCE, defaultWindow(stepsPerEpoch), DEFAULT_MIN_LR, DEFAULT_THRESHOLD);
  }

  /**
   * @param factor    the LR is multiplied by this on a plateau, in (0, 1)
   * @param patience  bad windows that trigger a reduction, >= 1
   * @param window    steps whose mean loss is compared, >= 1
   * @param minLr     reductions stop here, >= 0
   * @param threshold relative improvement a window needs to count as good, >= 0
   */
  public PlateauSchedule(double lr, double factor, int patience, long window, double minLr, double threshold) {
    this.initialLr = Check.positive("lr", lr);
    this.factor = Check.openFraction("factor", factor);
    this.patience = (int) Check.atLeastOne("patience", patience);
    this.window = Check.atLeastOne("window", window);
    this.minLr = Check.nonNegative("minLr", minLr);
    this.threshold = Check.nonNegative("threshold", threshold);
    this.lr = lr;
  }

  /** Half an epoch, at least one step. */
  public static long defaultWindow(long stepsPerEpoch) {
    return Math.max(1, stepsPerEpoch / 2);
  }

  @Override
  public double lr(long step, double loss) {
    windowSum += loss;
    windowCount++;
    if (windowCount == window) {
      endWindow(windowSum / window);
      windowSum = 0;
      windowCount = 0;
    }
    return lr;
  }

  private void endWindow(double mean) {
    if (mean < best * (1 - threshold)) { // false for NaN: a diverging loss is no improvement
      best = mean;
      badWindows = 0;
      return;
    }
    badWindows++;
    if (badWindows >= patience) {
      badWindows = 0;
      double reduced = Math.max(lr * factor, minLr);
      // At minLr (or an initial LR below it) nothing changes; the margin ignores rounding (0.1 * 0.1^4 is
      // a hair above 1e-5, and must not count as one more reduction to 1e-5).
      if (reduced < lr * (1 - 1e-9)) {
        lr = reduced;
        reductions++;
      }
    }
  }

  /** How often the LR has been reduced so far. */
  public int reductions() {
    return reductions;
  }

  @Override
  public String toString() {
    return "plateau(lr=" + initialLr + ", factor=" + factor + ", patience=" + patience + ", window=" + window
        + ", minLr=" + minLr + ", threshold=" + threshold + ")";
  }
}
