package dev.mlrs.experiments.replay;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.math.LrScale;
import java.util.ArrayList;
import java.util.List;

/**
 * What a learner would have served on the recorded losses, with the agent's rules: zero state at the job's
 * first recorded step, the stage from step / totalSteps, gamma fixed at the first step and recomputed at a stage
 * switch (not for schedule-aware learners), the LR gamma * output clamped to the step's [lrMin, lrMax].
 */
public final class LearnerWhatIf implements WhatIfSchedule {
  private final Learner learner;
  private final CellEngine engine;

  public LearnerWhatIf(Learner learner, CellEngine engine) {
    this.learner = learner;
    this.engine = engine;
  }

  @Override
  public String label() {
    return learner.name() + "@" + learner.version();
  }

  /** The cell's inputs for one job's recorded steps. */
  public static CellInputs inputs(JobTrace job, Learner learner) {
    List<StepRow> steps = job.steps();
    int n = steps.size();
    double[] loss = new double[n];
    double[] progress = new double[n];
    int[] stage = new int[n];
    for (int t = 0; t < n; t++) {
      StepRow s = steps.get(t);
      loss[t] = s.loss();
      progress[t] = s.progress();
      stage[t] = learner.stageAt(s.step(), s.totalSteps());
    }
    return new CellInputs(loss, progress, stage);
  }

  @Override
  public List<double[]> lrs(List<JobTrace> jobs) {
    List<CellInputs> inputs = jobs.stream().map(j -> inputs(j, learner)).toList();
    List<double[]> outputs = engine.outputs(learner, inputs);
    List<double[]> lrs = new ArrayList<>(jobs.size());
    for (int j = 0; j < jobs.size(); j++) {
      List<StepRow> steps = jobs.get(j).steps();
      int[] stage = inputs.get(j).stage();
      double[] lr = new double[steps.size()];
      double gamma = Double.NaN;
      for (int t = 0; t < lr.length; t++) {
        StepRow s = steps.get(t);
        if (t == 0 || (!learner.usesProgress() && stage[t] != stage[t - 1])) {
          gamma = gammaOf(s);
        }
        lr[t] = Math.min(Math.max(gamma * outputs.get(j)[t], s.lrMin()), s.lrMax());
      }
      lrs.add(lr);
    }
    return lrs;
  }

  /** The LR scale a step report asks for: its explicit gamma, else the one of its L0 and class count. */
  static double gammaOf(StepRow s) {
    return s.givenGamma() != null ? s.givenGamma() : LrScale.gamma(s.referenceLoss(), s.numClasses());
  }
}
