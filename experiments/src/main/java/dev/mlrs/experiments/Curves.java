package dev.mlrs.experiments;

import dev.mlrs.sim.job.StepRecord;
import dev.mlrs.sim.job.TrainingLoop;
import dev.mlrs.experiments.report.CurvePoint;
import java.util.ArrayList;
import java.util.List;

/** Turns a run's per-step records and its test evaluations into about {@code points} curve points. */
final class Curves {
  private Curves() {
  }

  static List<CurvePoint> of(List<StepRecord> steps, List<TrainingLoop.Evaluation> evaluations, int points) {
    List<CurvePoint> curve = new ArrayList<>();
    if (steps.isEmpty()) {
      return curve;
    }
    int bucket = Math.max(1, steps.size() / points);
    int next = 0;
    for (int start = 0; start < steps.size(); start += bucket) {
      int end = Math.min(steps.size(), start + bucket);
      double loss = 0;
      for (int i = start; i < end; i++) {
        loss += steps.get(i).loss();
      }
      StepRecord last = steps.get(end - 1);
      // step numbers count completed steps, like the evaluations
      long step = last.step() + 1;
      double accuracy = Double.NaN;
      while (next < evaluations.size() && evaluations.get(next).step() <= step) {
        accuracy = evaluations.get(next).accuracy();
        next++;
      }
      curve.add(new CurvePoint(step, last.lr(), loss / (end - start), accuracy));
    }
    return curve;
  }
}
