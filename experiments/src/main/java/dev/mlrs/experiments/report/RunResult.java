package dev.mlrs.experiments.report;

import java.util.List;
import java.util.Objects;

/**
 * One finished training run.
 * experiment: e.g. "meta-train"; task: e.g. "fmnist-mlp"; schedule: e.g. "cosine", "mlrsnet-learn";
 * hyperparameters: e.g. "lr=0.1" (the tuned choice, "" if none); seed; testAccuracy (final, in [0,1]);
 * finalTrainLoss; diverged (loss became non-finite: the run is kept and counted, its accuracy is whatever it
 * reached); wallSeconds; curve: points at regular steps (lr and smoothed train loss every ~1% of the run, test
 * accuracy at ~10 evaluation points). Strings and curve must not be null (use "" for no hyperparameters).
 */
public record RunResult(String experiment, String task, String schedule, String hyperparameters, long seed,
                        double testAccuracy, double finalTrainLoss, boolean diverged, double wallSeconds,
                        List<CurvePoint> curve) {

  public RunResult {
    // Nulls would silently become "" after a CSV round trip; refuse them up front instead.
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(hyperparameters, "hyperparameters");
    curve = List.copyOf(curve);
  }

  /** The same run without its curve (what results.csv holds). */
  public RunResult withoutCurve() {
    return withCurve(List.of());
  }

  public RunResult withCurve(List<CurvePoint> points) {
    return new RunResult(experiment, task, schedule, hyperparameters, seed, testAccuracy, finalTrainLoss, diverged,
        wallSeconds, points);
  }
}
