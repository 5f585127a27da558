package dev.mlrs.experiments.fleet;

import dev.mlrs.schemas.EsSide;
import java.util.List;
import java.util.Locale;

/**
 * One enrolled run of fleet meta-training, a row of runs.csv. The generation's mean fitness mixes the tasks of a
 * mix, which rotate through the generations; these rows let each task's progress be followed on its own.
 *
 * @param generation  the generation the run belonged to (generations completed after it)
 * @param task        the task's name in the plan
 * @param seed        the pair's seed
 * @param side        the side of the antithetic pair
 * @param fitness     final clean validation loss (before clipping)
 * @param accuracy    final clean validation accuracy
 * @param diverged    whether the run diverged
 * @param lrStart     LR served at the first step
 * @param lrMiddle    LR served at the middle step
 * @param lrEnd       LR served at the last step
 */
record RunRow(long generation, String task, long seed, EsSide side, double fitness, double accuracy,
              boolean diverged, double lrStart, double lrMiddle, double lrEnd) {

  static final String CSV_HEADER = "generation,task,seed,side,fitness,accuracy,diverged,lr_start,lr_middle,lr_end";

  static RunRow of(long generation, FleetMetaTraining.JobOutcome job) {
    List<FleetMetaTraining.JobOutcome> one = List.of(job);
    return new RunRow(generation, job.task().name(), job.seed(), job.side(), job.validationLoss(),
        job.validationAccuracy(), job.diverged(), FleetMetaTraining.meanLrAt(one, 0.0),
        FleetMetaTraining.meanLrAt(one, 0.5), FleetMetaTraining.meanLrAt(one, 1.0));
  }

  String csvLine() {
    return String.format(Locale.ROOT, "%d,%s,%d,%s,%.6f,%.6f,%b,%.6g,%.6g,%.6g", generation, task, seed,
        side.name().toLowerCase(Locale.ROOT), fitness, accuracy, diverged, lrStart, lrMiddle, lrEnd);
  }
}
