package dev.mlrs.experiments.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The text of summary.md: what the columns mean, the cross-task headline tables, then one table per task. */
final class SummaryDocument {
  private SummaryDocument() {
  }

  /**
   * @param plotFolder where the plots are, relative to summary.md (links are added under each task table), or
   *                   null for no links
   */
  static String render(List<RunResult> runs, String plotFolder) {
    Set<String> experiments = new LinkedHashSet<>();
    runs.forEach(r -> experiments.add(r.experiment()));
    StringBuilder out = new StringBuilder();
    out.append("# Results: ").append(experiments.stream().map(Markdown::text).collect(Collectors.joining(", ")))
        .append("\n\n");
    if (runs.isEmpty()) {
      return out.append("No runs.\n").toString();
    }
    List<RunResult> evaluations = runs.stream().filter(RunResult::evaluation).toList();
    long diverged = evaluations.stream().filter(RunResult::diverged).count();
    long tuning = runs.size() - evaluations.size();
    out.append(evaluations.size()).append(" runs, ").append(diverged).append(" diverged");
    if (tuning > 0) {
      out.append(" (and ").append(tuning).append(" tuning runs, in results.csv with phase tune)");
    }
    out.append(".\n\n").append(COLUMNS).append('\n');
    out.append("## Across tasks\n\n").append(SummaryTable.crossTask(runs));
    out.append("## Per task\n\n");
    for (TaskRuns task : TaskRuns.group(runs)) {
      out.append(SummaryTable.heading(task)).append(SummaryTable.taskTable(task)).append('\n');
      String paired = SummaryTable.pairedTable(task);
      if (!paired.isEmpty()) {
        out.append(paired).append('\n');
      }
      if (plotFolder != null) {
        out.append("Plots: ").append(link(plotFolder, task, CurveMetric.LEARNING_RATE, "learning rate"))
            .append(" · ").append(link(plotFolder, task, CurveMetric.TEST_ACCURACY, "test accuracy"))
            .append(" · ").append(link(plotFolder, task, CurveMetric.TRAIN_LOSS, "train loss")).append("\n\n");
      }
    }
    return out.toString();
  }

  private static String link(String plotFolder, TaskRuns task, CurveMetric metric, String label) {
    String path = plotFolder + "/" + Plots.relativePath(task.experiment(), task.task(), metric).toString()
        .replace('\\', '/');
    return "[" + label + "](" + path + ")";
  }

  private static final String COLUMNS = """
      How to read the tables:
      - **test accuracy %**: accuracy on the test set at the end of training, mean ± sample standard deviation \
      over seeds (n − 1 in the denominator); "n/a" where a schedule ran with a single seed.
      - **final train loss**: smoothed training loss at the end of the run, mean ± std over the seeds whose loss \
      stayed finite (how many, when not all).
      - **seeds**: number of runs, one per seed.
      - **diverged**: runs whose loss became NaN or infinite; they are kept and counted, with the accuracy they \
      reached.
      - **tuned hyperparameters**: the setting tuning chose for that schedule (by clean validation accuracy on \
      the tuning seed; every tuning run is a row of results.csv with phase tune).
      - **lr bracketed**: "yes" when tuning tried a lower and a higher learning rate than the chosen one; \
      otherwise the choice is the lowest or highest tried even after the grid was widened as far as allowed, \
      so the baseline might do better outside it ("—": not tuned, or the grid does not vary the learning rate).
      - **Paired differences**: under each task table, every schedule against the best baseline (the highest \
      mean test accuracy among the schedules not served by the agent): the mean over seeds of the schedule's \
      accuracy minus the best baseline's on the same seed, in percentage points, with a 95 % Student t interval \
      (n − 1 degrees of freedom; "n/a" for fewer than 2 seeds). n counts the seeds both ran with a finite \
      accuracy; **collapsed** counts the seeds where the schedule diverged or reached less than half the best \
      baseline's accuracy on that seed.
      - Per-task rows are sorted by mean accuracy, the best in **bold**. The cross-task table shows mean ± std \
      accuracy per task ("—": not run there, best per task in **bold**) and the mean rank over tasks \
      (1 = best), which orders its rows.
      - Plots show each schedule's mean over seeds at every step; values that cannot be drawn (NaN, infinite, or \
      zero on a log axis) are left out.
      """;
}
