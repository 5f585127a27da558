package dev.mlrs.experiments.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Markdown tables of final results: one per (experiment, task) with a row per schedule, and a compact cross-task
 * table per experiment for the headline. Accuracy is shown in %, as mean ± sample std over seeds.
 */
public final class SummaryTable {
  static final String NOT_AVAILABLE = "n/a";
  static final String NOT_RUN = "—";

  private SummaryTable() {
  }

  /** One table per (experiment, task), each under a "### experiment / task" heading. */
  public static String perTask(List<RunResult> runs) {
    StringBuilder out = new StringBuilder();
    for (TaskRuns task : TaskRuns.group(runs)) {
      out.append(heading(task)).append(taskTable(task)).append('\n');
    }
    return out.toString();
  }

  /**
   * Per experiment, rows = schedules, one column per task (accuracy mean ± std) and the schedule's mean rank over
   * the tasks it ran on (1 = best). Rows are sorted by mean rank, the best cell of each task column is bold.
   */
  public static String crossTask(List<RunResult> runs) {
    Map<String, List<TaskRuns>> byExperiment = new LinkedHashMap<>();
    for (TaskRuns task : TaskRuns.group(runs)) {
      byExperiment.computeIfAbsent(task.experiment(), k -> new ArrayList<>()).add(task);
    }
    StringBuilder out = new StringBuilder();
    byExperiment.forEach((experiment, tasks) -> out.append("### ").append(Markdown.text(experiment))
        .append(": test accuracy (%) per task\n\n").append(crossTaskTable(tasks)).append('\n'));
    return out.toString();
  }

  /** "### experiment / task" and a blank line. */
  static String heading(TaskRuns task) {
    return "### " + Markdown.text(task.experiment()) + " / " + Markdown.text(task.task()) + "\n\n";
  }

  static String taskTable(TaskRuns task) {
    List<ScheduleRuns> rows = new ArrayList<>(task.schedules());
    rows.sort(BY_ACCURACY);
    double best = bestMean(rows);
    Markdown.Table table = new Markdown.Table(List.of("schedule", "test accuracy % (mean ± std)",
        "final train loss (mean ± std)", "seeds", "diverged", "tuned hyperparameters", "lr bracketed"),
        false, true, true, true, true, false, false);
    for (ScheduleRuns s : rows) {
      boolean isBest = s.accuracy().mean() == best;
      String name = Markdown.text(s.schedule());
      String accuracy = percent(s.accuracy());
      table.row(List.of(isBest ? Markdown.bold(name) : name, isBest ? Markdown.bold(accuracy) : accuracy,
          loss(s.finalTrainLoss()), Integer.toString(s.seeds()), Long.toString(s.diverged()),
          Markdown.code(s.hyperparameters()), s.lrBrackets().stream().map(SummaryTable::bracket)
              .collect(Collectors.joining("; "))));
    }
    return table.render();
  }

  static String bracket(LrBracket bracket) {
    return switch (bracket) {
      case NONE -> NOT_RUN;
      case INSIDE -> "yes";
      case LOWEST -> "no: lowest tried";
      case HIGHEST -> "no: highest tried";
      case DIVERGED -> "no: all diverged";
    };
  }

  /**
   * Every schedule of the task against its best baseline, paired by seed ({@link PairedDifference}), in
   * percentage points with a 95 % t interval; "" when the task has no baseline or nothing to compare with it.
   */
  static String pairedTable(TaskRuns task) {
    Optional<ScheduleRuns> best = PairedDifference.bestBaseline(task);
    if (best.isEmpty()) {
      return "";
    }
    ScheduleRuns reference = best.get();
    List<PairedDifference> differences = PairedDifference.against(reference, task);
    if (differences.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("Paired by seed against the best baseline, ")
        .append(Markdown.bold(Markdown.text(reference.schedule()))).append(" (")
        .append(format("%.2f", 100 * reference.accuracy().mean())).append(" %): schedule minus ")
        .append(Markdown.text(reference.schedule())).append(", test accuracy in percentage points.\n\n");
    Markdown.Table table = new Markdown.Table(List.of("schedule", "Δ mean (pp)", "95 % interval (pp)", "n",
        "collapsed"), false, true, true, true, true);
    for (PairedDifference d : differences) {
      String interval = Double.isNaN(d.halfWidth()) ? NOT_AVAILABLE
          : "[" + signed(100 * d.low()) + ", " + signed(100 * d.high()) + "]";
      table.row(List.of(Markdown.text(d.schedule()), signed(100 * d.meanDifference()), interval,
          Integer.toString(d.pairs()), Integer.toString(d.collapsed())));
    }
    return out.append(table.render()).toString();
  }

  private static String signed(double value) {
    return format("%+.2f", value);
  }

  private static String crossTaskTable(List<TaskRuns> tasks) {
    Set<String> schedules = new LinkedHashSet<>();
    List<Map<String, ScheduleRuns>> columns = new ArrayList<>();
    for (TaskRuns task : tasks) {
      Map<String, ScheduleRuns> column = new LinkedHashMap<>();
      task.schedules().forEach(s -> column.put(s.schedule(), s));
      columns.add(column);
      schedules.addAll(column.keySet());
    }
    Map<String, Double> meanRank = meanRanks(schedules, columns);
    List<String> rows = new ArrayList<>(schedules);
    rows.sort(Comparator.comparing((String s) -> meanRank.get(s), NAN_LAST).thenComparing(s -> s));

    List<String> header = new ArrayList<>(List.of("schedule"));
    tasks.forEach(t -> header.add(Markdown.text(t.task())));
    header.add("mean rank");
    boolean[] right = new boolean[header.size()];
    Arrays.fill(right, 1, right.length, true);
    Markdown.Table table = new Markdown.Table(header, right);
    for (String schedule : rows) {
      List<String> cells = new ArrayList<>(List.of(Markdown.text(schedule)));
      for (Map<String, ScheduleRuns> column : columns) {
        ScheduleRuns s = column.get(schedule);
        if (s == null) {
          cells.add(NOT_RUN);
        } else {
          String cell = percent(s.accuracy());
          cells.add(s.accuracy().mean() == bestMean(column.values()) ? Markdown.bold(cell) : cell);
        }
      }
      cells.add(format("%.2f", meanRank.get(schedule)));
      table.row(cells);
    }
    return table.render();
  }

  /** Average over tasks of the schedule's rank by mean accuracy in that task (ties share the average rank). */
  private static Map<String, Double> meanRanks(Set<String> schedules, List<Map<String, ScheduleRuns>> columns) {
    Map<String, double[]> sumAndCount = new HashMap<>();
    schedules.forEach(s -> sumAndCount.put(s, new double[2]));
    for (Map<String, ScheduleRuns> column : columns) {
      for (ScheduleRuns s : column.values()) {
        double mean = s.accuracy().mean();
        if (Double.isNaN(mean)) {
          continue;
        }
        long better = column.values().stream().filter(o -> o.accuracy().mean() > mean).count();
        long equal = column.values().stream().filter(o -> o.accuracy().mean() == mean).count();
        double[] acc = sumAndCount.get(s.schedule());
        acc[0] += better + (equal + 1) / 2.0;
        acc[1]++;
      }
    }
    Map<String, Double> ranks = new HashMap<>();
    sumAndCount.forEach((s, acc) -> ranks.put(s, acc[1] == 0 ? Double.NaN : acc[0] / acc[1]));
    return ranks;
  }

  static final Comparator<Double> NAN_LAST = (a, b) -> Double.isNaN(a) || Double.isNaN(b)
      ? Boolean.compare(Double.isNaN(a), Double.isNaN(b)) : Double.compare(a, b);

  static final Comparator<ScheduleRuns> BY_ACCURACY = Comparator
      .comparing((ScheduleRuns s) -> -s.accuracy().mean(), NAN_LAST).thenComparing(ScheduleRuns::schedule);

  private static double bestMean(Collection<ScheduleRuns> schedules) {
    return schedules.stream().mapToDouble(s -> s.accuracy().mean()).filter(Double::isFinite).max()
        .orElse(Double.NaN);
  }

  static String percent(SeedStats stats) {
    if (stats.count() == 0) {
      return NOT_AVAILABLE;
    }
    return format("%.2f", 100 * stats.mean()) + " ± "
        + (stats.hasStd() ? format("%.2f", 100 * stats.sampleStd()) : NOT_AVAILABLE);
  }

  static String loss(SeedStats stats) {
    if (stats.count() == 0) {
      return NOT_AVAILABLE;
    }
    String text = format("%.4f", stats.mean()) + " ± "
        + (stats.hasStd() ? format("%.4f", stats.sampleStd()) : NOT_AVAILABLE);
    // Diverged seeds have no finite loss; say how many seeds the numbers stand for.
    return stats.nonFinite() == 0 ? text
        : text + " (" + stats.count() + " of " + (stats.count() + stats.nonFinite()) + " finite)";
  }

  private static String format(String pattern, double value) {
    return Double.isNaN(value) ? NOT_AVAILABLE : String.format(Locale.ROOT, pattern, value);
  }
}
