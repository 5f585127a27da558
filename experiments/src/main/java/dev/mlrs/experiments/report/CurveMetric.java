package dev.mlrs.experiments.report;

import java.util.function.ToDoubleFunction;

/** A quantity plotted against training step, with what a chart of it needs to know. */
enum CurveMetric {
  LEARNING_RATE("lr", "Learning rate", "learning rate (log scale)", true, CurvePoint::lr),
  TEST_ACCURACY("accuracy", "Test accuracy", "test accuracy (%)", false, p -> 100 * p.testAccuracy()),
  TRAIN_LOSS("loss", "Train loss (smoothed)", "train loss, smoothed (log scale)", true, CurvePoint::trainLoss);

  final String filePrefix;
  final String title;
  final String axisTitle;
  final boolean logScale;
  private final ToDoubleFunction<CurvePoint> value;

  CurveMetric(String filePrefix, String title, String axisTitle, boolean logScale, ToDoubleFunction<CurvePoint> value) {
    this.filePrefix = filePrefix;
    this.title = title;
    this.axisTitle = axisTitle;
    this.logScale = logScale;
    this.value = value;
  }

  double valueOf(CurvePoint point) {
    return value.applyAsDouble(point);
  }

  /** NaN marks "not measured here" and Infinity a diverged run; a log axis also cannot show zero (cosine's end). */
  boolean canPlot(double v) {
    return Double.isFinite(v) && (!logScale || v > 0);
  }
}
