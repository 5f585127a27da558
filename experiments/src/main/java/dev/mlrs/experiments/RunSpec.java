package dev.mlrs.experiments;

import dev.mlrs.experiments.report.RunResult;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One training run of an experiment: a task, a schedule with its hyperparameters, a seed. */
public record RunSpec(String experiment, TaskSpec task, ScheduleEntry schedule, Map<String, Double> params, long seed,
                      boolean tuning, int validateEvery, int evaluations) {

  public RunSpec {
    params = params == null ? Map.of() : new TreeMap<>(params);
  }

  /** e.g. "lr=0.1, beta=0.0001"; for MLR-SNet the learner and mode. */
  public String hyperparameters() {
    if (schedule instanceof ServedEntry served) {
      return RunResult.SERVED_PREFIX + served.learnerFor(task.name()) + ", mode="
          + served.mode().name().toLowerCase(Locale.ROOT);
    }
    String values = params.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue()))
        .collect(Collectors.joining(", "));
    String optimizer = ((BaselineEntry) schedule).optimizer();
    return optimizer != null ? "optimizer=" + optimizer + (values.isEmpty() ? "" : ", " + values) : values;
  }

  /** A job id unique to this run; {@code tag} tells apart repeated invocations on one cluster. */
  public String jobId(String tag) {
    return (tag + "-" + experiment + "-" + task.name() + "-" + schedule.name() + "-" + (tuning ? "tune-" : "")
        + seed + "-" + Integer.toHexString(params.hashCode())).replaceAll("[^A-Za-z0-9._-]", "_");
  }

  static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : String.format("%.3g", v);
  }
}
