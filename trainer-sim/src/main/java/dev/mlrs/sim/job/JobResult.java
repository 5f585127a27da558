package dev.mlrs.sim.job;

import dev.mlrs.client.ClientStats;
import java.util.List;

/** The outcome of one training run. */
public record JobResult(JobSpec spec, double referenceLoss, double testAccuracy, double finalTrainLoss,
                        List<StepRecord> steps, ClientStats clientStats, double wallSeconds) {

  public double minLr() {
    return steps.stream().mapToDouble(StepRecord::lr).min().orElse(Double.NaN);
  }

  public double maxLr() {
    return steps.stream().mapToDouble(StepRecord::lr).max().orElse(Double.NaN);
  }

  public long lastLearnerVersion() {
    return steps.isEmpty() ? -1 : steps.get(steps.size() - 1).learnerVersion();
  }

  public long fallbacks() {
    return steps.stream().filter(StepRecord::fallback).count();
  }
}
