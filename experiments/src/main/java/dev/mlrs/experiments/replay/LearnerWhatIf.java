package dev.mlrs.experiments.replay;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.math.LrScale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * The steps the agent ran the cell on: every recorded step but those it rejected (a non-finite loss, bad
   * options), which leave the job's state as it was.
   */
  static List<StepRow> fed(JobTrace job) {
    return job.steps().stream().filter(s -> Double.isFinite(s.loss()) && !"REJECTED".equals(s.status())).toList();
  }

  /** The cell's inputs for the given steps of a job. */
  public static CellInputs inputs(List<StepRow> steps, Learner learner) {
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

  /** One LR per recorded step; NaN at the steps the agent rejected. */
  @Override
  public List<double[]> lrs(List<JobTrace> jobs) {
    List<List<StepRow>> fed = jobs.stream().map(LearnerWhatIf::fed).toList();
    List<CellInputs> inputs = fed.stream().map(steps -> inputs(steps, learner)).toList();
    List<double[]> outputs = engine.outputs(learner, inputs);
    List<double[]> lrs = new ArrayList<>(jobs.size());
    for (int j = 0; j < jobs.size(); j++) {
      List<StepRow> steps = fed.get(j);
      int[] stage = inputs.get(j).stage();
      Map<Long, Double> byStep = new HashMap<>();
      double gamma = Double.NaN;
      for (int t = 0; t < steps.size(); t++) {
        StepRow s = steps.get(t);
        if (t == 0 || (!learner.usesProgress() && stage[t] != stage[t - 1])) {
          gamma = LrScale.forJob(s.givenGamma(), learner.lrScale(), s.referenceLoss(), s.numClasses());
        }
        byStep.put(s.step(), Math.min(Math.max(gamma * outputs.get(j)[t], s.lrMin()), s.lrMax()));
      }
      lrs.add(jobs.get(j).steps().stream().mapToDouble(s -> byStep.getOrDefault(s.step(), Double.NaN)).toArray());
    }
    return lrs;
  }

  /** The LR scale a step report asks for: its explicit gamma, else the one of its L0 and class count. */
  static double gammaOf(StepRow s) {
    return s.givenGamma() != null ? s.givenGamma() : LrScale.gamma(s.referenceLoss(), s.numClasses());
  }
}
