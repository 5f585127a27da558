package dev.mlrs.experiments.replay;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.MlrsCell;
import java.util.ArrayList;
import java.util.List;

/** One sequence after another through the agent's plain-Java cell ({@link MlrsCell}), state kept in double. */
public final class PlainCellEngine implements CellEngine {
  @Override
  public List<double[]> outputs(Learner learner, List<CellInputs> sequences) {
    CellShape shape = learner.shape();
    CellTrace trace = new CellTrace(shape);
    List<double[]> out = new ArrayList<>(sequences.size());
    for (CellInputs seq : sequences) {
      double[] h = new double[shape.hidden()];
      double[] c = new double[shape.hidden()];
      double[] y = new double[seq.length()];
      for (int t = 0; t < y.length; t++) {
        y[t] = MlrsCell.forward(shape, learner.weights(seq.stage()[t]), seq.loss()[t], seq.progress()[t], h, c,
            trace);
        System.arraycopy(trace.h(), 0, h, 0, h.length);
        System.arraycopy(trace.c(), 0, c, 0, c.length);
      }
      out.add(y);
    }
    return out;
  }
}
