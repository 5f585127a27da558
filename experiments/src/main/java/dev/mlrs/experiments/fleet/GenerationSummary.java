package dev.mlrs.experiments.fleet;

import java.util.Locale;

/**
 * One generation of fleet meta-training as the command reports it.
 *
 * @param generation     generations completed after this one
 * @param version        learner version published by the agent after this generation
 * @param runs           enrolled runs in this generation
 * @param meanFitness    mean final clean validation loss of those runs (the ES fitness before clipping)
 * @param meanAccuracy   mean final clean validation accuracy of those runs
 * @param lrStart        mean LR served at the first step
 * @param lrMiddle       mean LR served at the middle step
 * @param lrEnd          mean LR served at the last step
 * @param wallSeconds    wall time of the generation
 */
public record GenerationSummary(long generation, long version, int runs, double meanFitness, double meanAccuracy,
                                double lrStart, double lrMiddle, double lrEnd, double wallSeconds) {

  public static final String CSV_HEADER =
      "generation,version,runs,mean_fitness,mean_accuracy,lr_start,lr_middle,lr_end,wall_seconds";

  public String csvLine() {
    return String.format(Locale.ROOT, "%d,%d,%d,%.6f,%.6f,%.6g,%.6g,%.6g,%.1f", generation, version, runs,
        meanFitness, meanAccuracy, lrStart, lrMiddle, lrEnd, wallSeconds);
  }

  public String progressLine() {
    return String.format(Locale.ROOT, "generation %3d  learner v%-4d  %2d runs  fitness %.4f  accuracy %5.2f %%  "
            + "LR start/middle/end %.4f / %.4f / %.4f  (%.0f s)", generation, version, runs, meanFitness,
        100 * meanAccuracy, lrStart, lrMiddle, lrEnd, wallSeconds);
  }
}
