package dev.mlrs.experiments.replay;

/**
 * What a learner's cell reads for one recorded job, step by step: the loss, the progress t/T and the stage
 * of the learner that applies at that step.
 */
public record CellInputs(double[] loss, double[] progress, int[] stage) {
  public CellInputs {
    if (progress.length != loss.length || stage.length != loss.length) {
      throw new IllegalArgumentException("loss, progress and stage need one entry per step");
    }
  }

  public int length() {
    return loss.length;
  }
}
