package dev.mlrs.experiments.report;

import java.util.List;
import java.util.stream.Collectors;

/** The runs (one per seed) of one schedule on one task in one experiment: one table row, one plotted line. */
record ScheduleRuns(String experiment, String task, String schedule, List<RunResult> runs) {

  ScheduleRuns {
    runs = List.copyOf(runs);
  }

  SeedStats accuracy() {
    return SeedStats.of(runs.stream().mapToDouble(RunResult::testAccuracy).toArray());
  }

  SeedStats finalTrainLoss() {
    return SeedStats.of(runs.stream().mapToDouble(RunResult::finalTrainLoss).toArray());
  }

  int seeds() {
    return runs.size();
  }

  long diverged() {
    return runs.stream().filter(RunResult::diverged).count();
  }

  /** Where the chosen learning rate sat in the tuning grid; normally one value for all seeds. */
  List<LrBracket> lrBrackets() {
    return runs.stream().map(RunResult::lrBracket).distinct().toList();
  }

  /** The tuned hyperparameters; normally one value for all seeds, otherwise every distinct one. */
  String hyperparameters() {
    return runs.stream().map(RunResult::hyperparameters).distinct().collect(Collectors.joining("; "));
  }
}
