package dev.mlrs.experiments.replay;

import java.util.List;

/**
 * Everything the topics hold about one job: its steps in step order, its run result (null when it sent none)
 * and the dead letters keyed by it.
 */
public record JobTrace(String job, List<StepRow> steps, RunRow result, List<RejectedRow> rejected) {
  public JobTrace {
    steps = List.copyOf(steps);
    rejected = List.copyOf(rejected);
  }
}
