package dev.mlrs.experiments.replay;

import dev.mlrs.agent.learner.Learner;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * All sequences at once: step t of every sequence is one {@link BatchedCell} step over an N x H state.
 * Sequences shorter than the longest are fed zeros after their end (their outputs there are dropped). When
 * the rows are in different stages of a multi-stage learner at step t, each stage's cell runs over the whole
 * batch and every row keeps the result of its own stage.
 */
public final class Nd4jCellEngine implements CellEngine {
  @Override
  public List<double[]> outputs(Learner learner, List<CellInputs> sequences) {
    int rows = sequences.size();
    List<double[]> out = new ArrayList<>(rows);
    sequences.forEach(s -> out.add(new double[s.length()]));
    if (rows == 0) {
      return out;
    }
    BatchedCell[] cells = new BatchedCell[learner.stageCount()];
    for (int s = 0; s < cells.length; s++) {
      cells[s] = new BatchedCell(learner.shape(), learner.weights(s));
    }
    int longest = sequences.stream().mapToInt(CellInputs::length).max().orElse(0);
    BatchedCell.State state = cells[0].zeroState(rows);
    double[] loss = new double[rows];
    double[] progress = new double[rows];
    int[] stage = new int[rows];
    for (int t = 0; t < longest; t++) {
      boolean mixed = false;
      for (int r = 0; r < rows; r++) {
        CellInputs seq = sequences.get(r);
        boolean live = t < seq.length();
        loss[r] = live ? seq.loss()[t] : 0.0;
        progress[r] = live ? seq.progress()[t] : 0.0;
        stage[r] = live ? seq.stage()[t] : stage[r];
        mixed |= stage[r] != stage[0];
      }
      BatchedCell.Step step = mixed ? mixedStep(cells, state, loss, progress, stage)
          : cells[stage[0]].step(state, loss, progress);
      for (int r = 0; r < rows; r++) {
        if (t < sequences.get(r).length()) {
          out.get(r)[t] = step.output()[r];
        }
      }
      state.close();
      state = step.next();
    }
    state.close();
    return out;
  }

  private static BatchedCell.Step mixedStep(BatchedCell[] cells, BatchedCell.State state, double[] loss,
                                            double[] progress, int[] stage) {
    int rows = loss.length;
    INDArray h = Nd4j.zeros(DataType.DOUBLE, rows, cells[0].shape().hidden());
    INDArray c = Nd4j.zeros(DataType.DOUBLE, rows, cells[0].shape().hidden());
    double[] output = new double[rows];
    for (int s = 0; s < cells.length; s++) {
      double[] mask = new double[rows];
      boolean any = false;
      for (int r = 0; r < rows; r++) {
        if (stage[r] == s) {
          mask[r] = 1.0;
          any = true;
        }
      }
      if (!any) {
        continue;
      }
      BatchedCell.Step step = cells[s].step(state, loss, progress);
      INDArray m = Nd4j.createFromArray(mask).reshape(rows, 1);
      h.addi(step.next().h().muliColumnVector(m));
      c.addi(step.next().c().muliColumnVector(m));
      m.close();
      step.next().close();
      for (int r = 0; r < rows; r++) {
        if (stage[r] == s) {
          output[r] = step.output()[r];
        }
      }
    }
    return new BatchedCell.Step(new BatchedCell.State(h, c), output);
  }
}
