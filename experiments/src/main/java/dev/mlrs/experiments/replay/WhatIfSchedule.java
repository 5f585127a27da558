package dev.mlrs.experiments.replay;

import java.util.List;

/**
 * A schedule to compare with the recorded one: the LR it would have given at every recorded step of every job,
 * fed the losses the job recorded (open loop: the losses themselves would have differed under that schedule).
 */
public interface WhatIfSchedule {
  /** Short name for legends and file names, e.g. "default@3" or "cosine 0.1". */
  String label();

  /** One LR per recorded step of each job, in the order of {@code jobs}. */
  List<double[]> lrs(List<JobTrace> jobs);
}
