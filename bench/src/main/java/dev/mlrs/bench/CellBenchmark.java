package dev.mlrs.bench;

import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.MlrsCell;

/** Time of one cell step (forward) and of one backward pass, in microseconds, median of repeated trials. */
final class CellBenchmark {
  record Result(double forwardMicros, double backwardMicros) {
  }

  static Result run(int trials, int stepsPerTrial) {
    CellShape shape = CellShape.REFERENCE;
    double[] w = WeightArrays.toArray(LearnerFactory.paper(0L).getStages().get(0).getWeights());
    CellTrace trace = new CellTrace(shape);
    double[] h = new double[shape.hidden()];
    double[] c = new double[shape.hidden()];
    double[] grad = new double[shape.parameterCount()];
    double[] forward = new double[trials];
    double[] backward = new double[trials];
    double sink = 0;
    for (int trial = 0; trial < trials + 3; trial++) {   // 3 warm-up trials for the JIT
      long t0 = System.nanoTime();
      for (int i = 0; i < stepsPerTrial; i++) {
        sink += MlrsCell.forward(shape, w, 2.0 + 1e-3 * i, h, c, trace);
        System.arraycopy(trace.h(), 0, h, 0, h.length);
        System.arraycopy(trace.c(), 0, c, 0, c.length);
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < stepsPerTrial; i++) {
        MlrsCell.backward(shape, w, trace, 0.1, grad);
      }
      long t2 = System.nanoTime();
      if (trial >= 3) {
        forward[trial - 3] = (t1 - t0) / 1e3 / stepsPerTrial;
        backward[trial - 3] = (t2 - t1) / 1e3 / stepsPerTrial;
      }
    }
    if (sink == 42) {
      System.out.print("");   // keeps the JIT from dropping the loop
    }
    return new Result(new Percentiles(forward).median(), new Percentiles(backward).median());
  }
}
