package dev.mlrs.experiments.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One finished training run.
 * experiment: e.g. "meta-train"; task: e.g. "fmnist-mlp"; schedule: e.g. "cosine", "mlrsnet-learn";
 * hyperparameters: e.g. "lr=0.1" (the run's setting, "" if none; served runs: "learner=…, mode=…"); seed;
 * testAccuracy (final, in [0,1]; measured on tuning runs too, but never used for a choice); finalTrainLoss;
 * diverged (loss became non-finite: the run is kept and counted, its accuracy is whatever it reached);
 * wallSeconds; curve: points at regular steps (lr and smoothed train loss every ~1% of the run, test accuracy at
 * ~10 evaluation points); phase: a tuning (or warm-up) run or an evaluation run; validationAccuracy: on the clean
 * validation split at the end (what tuning chooses by; NaN where not measured); lrBracket: for evaluation runs of
 * a tuned baseline, where the chosen learning rate sits in the tuning grid. Strings and curve must not be null
 * (use "" for no hyperparameters).
 */
public record RunResult(String experiment, String task, String schedule, String hyperparameters, long seed,
                        double testAccuracy, double finalTrainLoss, boolean diverged, double wallSeconds,
                        List<CurvePoint> curve, Phase phase, double validationAccuracy, LrBracket lrBracket) {

  /** Served runs are told apart from baselines by their hyperparameters, which start with this. */
  public static final String SERVED_PREFIX = "learner=";

  /** Why a run was made. */
  public enum Phase {
    /** A tuning run of a baseline's grid, or a warm-up run of a learning MLR-SNet entry (tuning seeds). */
    TUNE,
    /** A run on an evaluation seed with the chosen setting: what the tables compare. */
    EVAL;

    /** How it is written in results.csv. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Phase parse(String label) {
      for (Phase p : values()) {
        if (p.label().equals(label.strip())) {
          return p;
        }
      }
      throw new IllegalArgumentException("unknown phase '" + label + "'; expected tune or eval");
    }
  }

  public RunResult {
    // Nulls would silently become "" after a CSV round trip; refuse them up front instead.
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(hyperparameters, "hyperparameters");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(lrBracket, "lrBracket");
    curve = List.copyOf(curve);
  }

  /** An evaluation run without a validation measurement or bracketing record (as results.csv files before them). */
  public RunResult(String experiment, String task, String schedule, String hyperparameters, long seed,
                   double testAccuracy, double finalTrainLoss, boolean diverged, double wallSeconds,
                   List<CurvePoint> curve) {
    this(experiment, task, schedule, hyperparameters, seed, testAccuracy, finalTrainLoss, diverged, wallSeconds,
        curve, Phase.EVAL, Double.NaN, LrBracket.NONE);
  }

  public boolean evaluation() {
    return phase == Phase.EVAL;
  }

  /** MLR-SNet served by the agent, as opposed to a local baseline schedule. */
  public boolean served() {
    return hyperparameters.startsWith(SERVED_PREFIX);
  }

  /** The same run without its curve (what results.csv holds). */
  public RunResult withoutCurve() {
    return withCurve(List.of());
  }

  public RunResult withCurve(List<CurvePoint> points) {
    return new RunResult(experiment, task, schedule, hyperparameters, seed, testAccuracy, finalTrainLoss, diverged,
        wallSeconds, points, phase, validationAccuracy, lrBracket);
  }

  public RunResult withLrBracket(LrBracket bracket) {
    return new RunResult(experiment, task, schedule, hyperparameters, seed, testAccuracy, finalTrainLoss, diverged,
        wallSeconds, curve, phase, validationAccuracy, bracket);
  }
}
