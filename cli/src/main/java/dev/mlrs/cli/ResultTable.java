package dev.mlrs.cli;

import dev.mlrs.sim.job.JobResult;
import java.util.List;

/** The closing summary of a set of jobs. */
final class ResultTable {
  private ResultTable() {
  }

  static String of(List<JobResult> results) {
    TextTable table = new TextTable("job", "learner", "mode", "steps", "test acc", "final loss", "LR min", "LR max",
        "learner v", "RTT p50 ms", "RTT p99 ms", "fallbacks", "wall s");
    for (JobResult r : results) {
      table.row(r.spec().jobId(), r.spec().learner(), r.spec().mode().name().toLowerCase(), r.steps().size(),
          String.format("%.2f %%", 100 * r.testAccuracy()), String.format("%.4f", r.finalTrainLoss()),
          String.format("%.5f", r.minLr()), String.format("%.5f", r.maxLr()), r.lastLearnerVersion(),
          String.format("%.1f", r.clientStats().latencyP50Ms()), String.format("%.1f", r.clientStats().latencyP99Ms()),
          r.fallbacks(), String.format("%.1f", r.wallSeconds()));
    }
    return table.toString();
  }
}
