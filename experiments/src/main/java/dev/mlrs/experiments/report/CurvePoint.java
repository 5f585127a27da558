package dev.mlrs.experiments.report;

/** One point of a run's curves. testAccuracy is NaN where the test set was not evaluated. */
public record CurvePoint(long step, double lr, double trainLoss, double testAccuracy) {
}
