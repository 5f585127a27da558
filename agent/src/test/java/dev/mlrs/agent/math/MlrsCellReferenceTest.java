package dev.mlrs.agent.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlrs.agent.learner.ReleasedWeights;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cell reproduces the published reference vectors of all three released snapshots to 1e-5. */
class MlrsCellReferenceTest {

  private static final ReleasedWeights RELEASED = ReleasedWeights.load();

  @ParameterizedTest
  @ValueSource(strings = {"epoch_1", "epoch_100", "epoch_200"})
  void reproducesTheReferenceVectors(String snapshot) {
    CellShape shape = CellShape.REFERENCE;
    double[] w = RELEASED.snapshot(snapshot);
    double[] inputs = RELEASED.referenceInputs();
    double[] expected = RELEASED.referenceOutputs(snapshot);
    CellTrace trace = new CellTrace(shape);
    double[] h = new double[shape.hidden()];
    double[] c = new double[shape.hidden()];
    for (int t = 0; t < inputs.length; t++) {
      double out = MlrsCell.forward(shape, w, inputs[t], h, c, trace);
      assertEquals(expected[t], out, 1e-5, snapshot + " step " + t);
      h = trace.h().clone();
      c = trace.c().clone();
    }
  }
}
