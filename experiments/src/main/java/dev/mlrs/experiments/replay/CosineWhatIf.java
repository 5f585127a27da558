package dev.mlrs.experiments.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written schedule: cosine annealing from a start LR to a floor over the job's planned run,
 * lr(t) = floor + (start - floor) (1 + cos(pi t / T)) / 2 with T = totalSteps (or the recorded length when the
 * job did not say). Without a given start it starts at the job's first served LR, so the comparison is about
 * the shape of the schedule, not its level.
 */
public final class CosineWhatIf implements WhatIfSchedule {
  private final Double start;
  private final double floor;

  /** {@code start} null: each job's first served LR. */
  public CosineWhatIf(Double start, double floor) {
    if (start != null && !(start > 0)) {
      throw new IllegalArgumentException("the cosine start LR must be positive, got " + start);
    }
    if (!(floor >= 0)) {
      throw new IllegalArgumentException("the cosine floor must be at least 0, got " + floor);
    }
    this.start = start;
    this.floor = floor;
  }

  @Override
  public String label() {
    return "cosine" + (start == null ? "" : " " + start) + (floor == 0 ? "" : " to " + floor);
  }

  @Override
  public List<double[]> lrs(List<JobTrace> jobs) {
    List<double[]> out = new ArrayList<>(jobs.size());
    for (JobTrace job : jobs) {
      List<StepRow> steps = job.steps();
      double[] lr = new double[steps.size()];
      if (!steps.isEmpty()) {
        double base = start != null ? start : firstServed(steps);
        long total = steps.get(0).totalSteps() > 0 ? steps.get(0).totalSteps() : steps.get(steps.size() - 1).step() + 1;
        for (int t = 0; t < lr.length; t++) {
          double p = Math.min(1.0, (double) steps.get(t).step() / total);
          lr[t] = floor + (base - floor) * (1 + Math.cos(Math.PI * p)) / 2;
        }
      }
      out.add(lr);
    }
    return out;
  }

  private static double firstServed(List<StepRow> steps) {
    for (StepRow s : steps) {
      if (s.served()) {
        return s.lr();
      }
    }
    return LearnerWhatIf.gammaOf(steps.get(0));
  }
}
