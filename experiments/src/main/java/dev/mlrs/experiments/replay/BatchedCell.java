package dev.mlrs.experiments.replay;

import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.MlrsCell;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One MLR-SNet cell step over many sequences at once, in ND4J (double precision): the same equations as
 * {@link MlrsCell#forward} with the hidden and cell states of N sequences as the rows of two N x H matrices,
 * so that a step is five matrix products instead of N small loops. Used by the what-if replay when it runs
 * many recorded jobs through one learner; the agent keeps the plain-Java cell (one job per step).
 */
public final class BatchedCell {
  private static final String WORKSPACE_ID = "mlrs-batched-cell";
  private static final WorkspaceConfiguration WORKSPACE = WorkspaceConfiguration.builder()
      .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP).build();
  private final CellShape shape;
  private final INDArray wI1t;      // inputs x M
  private final INDArray bI1;       // 1 x M
  private final INDArray wH1t;      // H x M
  private final INDArray bH1;       // 1 x M
  private final INDArray wI2t;      // M x 4H
  private final INDArray wH2t;      // M x 4H
  private final INDArray bGates;    // 1 x 4H: b_i2 + b_h2
  private final INDArray w3t;       // H x 1
  private final double b3;
  private final double[] weights;

  /** The cell with flat weights {@code w} in the layout of {@link CellShape}. */
  public BatchedCell(CellShape shape, double[] w) {
    if (w.length != shape.parameterCount()) {
      throw new IllegalArgumentException("weights have " + w.length + " entries, a " + shape + " cell needs "
          + shape.parameterCount());
    }
    this.shape = shape;
    this.weights = w.clone();
    int hidden = shape.hidden();
    int mlp = shape.mlpHidden();
    int gates = shape.gates();
    // The flat layout is W[out][in] (row-major); the batch multiplies rows of inputs, so keep W transposed.
    wI1t = matrix(w, shape.wI1(), mlp, shape.inputs()).transpose().dup();
    bI1 = matrix(w, shape.bI1(), 1, mlp);
    wI2t = matrix(w, shape.wI2(), gates, mlp).transpose().dup();
    wH1t = matrix(w, shape.wH1(), mlp, hidden).transpose().dup();
    bH1 = matrix(w, shape.bH1(), 1, mlp);
    wH2t = matrix(w, shape.wH2(), gates, mlp).transpose().dup();
    bGates = matrix(w, shape.bI2(), 1, gates).addi(matrix(w, shape.bH2(), 1, gates));
    w3t = matrix(w, shape.w3(), 1, hidden).transpose().dup();
    b3 = w[shape.b3()];
  }

  public CellShape shape() {
    return shape;
  }

  /** Zero hidden and cell states for {@code rows} sequences (the state of every job at its first step). */
  public State zeroState(int rows) {
    return new State(Nd4j.zeros(DataType.DOUBLE, rows, shape.hidden()),
        Nd4j.zeros(DataType.DOUBLE, rows, shape.hidden()));
  }

  /**
   * One step for every row: loss[i] and progress[i] (in [0, 1]; ignored by cells without progress) from state
   * {@code previous}. Returns the new state and the sigmoid outputs; {@code previous} is left as it was.
   */
  public Step step(State previous, double[] loss, double[] progress) {
    int rows = loss.length;
    if (progress.length != rows || previous.h().rows() != rows) {
      throw new IllegalArgumentException("need one loss, one progress and one state row per sequence");
    }
    // Every intermediate lives in a cyclic workspace that the next step reuses: ND4J arrays live off-heap, and
    // left to the garbage collector a 10,000-row replay grew to gigabytes. Only the new state leaves it.
    int hidden = shape.hidden();
    INDArray h;
    INDArray c;
    double[] output;
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE, WORKSPACE_ID)) {
      INDArray x = Nd4j.create(DataType.DOUBLE, rows, shape.inputs());
      x.putColumn(0, Nd4j.createFromArray(loss).reshape(rows, 1));
      if (shape.inputs() == 2) {
        x.putColumn(1, Nd4j.createFromArray(progress).reshape(rows, 1));
      }
      INDArray r1 = Transforms.relu(x.mmul(wI1t).addiRowVector(bI1), false);
      INDArray r2 = Transforms.relu(previous.h().mmul(wH1t).addiRowVector(bH1), false);
      INDArray a = r1.mmul(wI2t).addi(r2.mmul(wH2t)).addiRowVector(bGates);

      INDArray i = Transforms.sigmoid(a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden)), true);
      INDArray f = Transforms.sigmoid(a.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden)), true);
      INDArray g = Transforms.tanh(a.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * hidden, 3 * hidden)), true);
      INDArray o = Transforms.sigmoid(a.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * hidden, 4 * hidden)), true);
      INDArray cNew = f.muli(previous.c()).addi(i.muli(g));
      INDArray hNew = Transforms.tanh(cNew, true).muli(o);

      INDArray z = hNew.mmul(w3t).addi(b3);
      if (shape.knots() > 0) {
        double[] head = new double[rows];
        for (int r = 0; r < rows; r++) {
          head[r] = MlrsCell.HEAD_SCALE * MlrsCell.head(shape, weights, progress[r]);
        }
        z.addi(Nd4j.createFromArray(head).reshape(rows, 1));
      }
      output = Transforms.sigmoid(z, false).reshape(rows).toDoubleVector();
      h = hNew.detach();
      c = cNew.detach();
    }
    return new Step(new State(h, c), output);
  }

  private static INDArray matrix(double[] w, int offset, int rows, int cols) {
    double[] part = new double[rows * cols];
    System.arraycopy(w, offset, part, 0, part.length);
    return Nd4j.createFromArray(part).reshape('c', rows, cols);
  }

  /** Hidden and cell states of the sequences, one row each (N x H). */
  public record State(INDArray h, INDArray c) implements AutoCloseable {
    /** Frees the off-heap memory of both matrices now (the state must not be used afterwards). */
    @Override
    public void close() {
      h.close();
      c.close();
    }
  }

  /** The state after a step and each sequence's output in (0, 1). */
  public record Step(State next, double[] output) {
  }
}
