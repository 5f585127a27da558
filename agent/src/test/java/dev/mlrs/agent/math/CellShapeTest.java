package dev.mlrs.agent.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CellShapeTest {

  @Test
  void theTwoArgumentShapeIsThePapersCellWithItsLayoutUnchanged() {
    CellShape shape = new CellShape(50, 25);
    assertEquals(new CellShape(50, 25, 1, 0), shape);
    assertFalse(shape.usesProgress());
    // Offsets of docs/learner-layout.md for the released weights.
    assertEquals(0, shape.wI1());
    assertEquals(25, shape.bI1());
    assertEquals(50, shape.wI2());
    assertEquals(5050, shape.bI2());
    assertEquals(5250, shape.wH1());
    assertEquals(6500, shape.bH1());
    assertEquals(6525, shape.wH2());
    assertEquals(11525, shape.bH2());
    assertEquals(11725, shape.w3());
    assertEquals(11775, shape.b3());
    assertEquals(11776, shape.knot0());
    assertEquals(11776, shape.parameterCount());
  }

  @Test
  void aScheduleAwareShapeWidensTheInputLayerAndAppendsTheKnots() {
    CellShape shape = CellShape.REFERENCE.scheduleAware(6);
    assertTrue(shape.usesProgress());
    assertEquals(0, shape.inputWeight(0, 0));
    assertEquals(1, shape.inputWeight(0, 1));
    assertEquals(48, shape.inputWeight(24, 0));
    assertEquals(49, shape.inputWeight(24, 1));
    assertEquals(50, shape.bI1());
    assertEquals(75, shape.wI2());
    assertEquals(11800, shape.b3());
    assertEquals(11801, shape.knot0());
    assertEquals(11807, shape.parameterCount());
  }

  @Test
  void rejectsImpossibleShapes() {
    assertThrows(IllegalArgumentException.class, () -> new CellShape(50, 25, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> new CellShape(50, 25, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new CellShape(50, 25, 2, 1));
    assertThrows(IllegalArgumentException.class, () -> new CellShape(0, 25));
  }

  @Test
  void theProgressHeadInterpolatesItsKnotsLinearly() {
    CellShape shape = new CellShape(2, 2, 1, 3);   // knots at progress 0, 0.5, 1
    double[] w = new double[shape.parameterCount()];
    w[shape.knot0()] = 1.0;
    w[shape.knot0() + 1] = -1.0;
    w[shape.knot0() + 2] = 3.0;
    assertEquals(1.0, MlrsCell.head(shape, w, 0.0), 1e-15);
    assertEquals(0.0, MlrsCell.head(shape, w, 0.25), 1e-15);
    assertEquals(-1.0, MlrsCell.head(shape, w, 0.5), 1e-15);
    assertEquals(1.0, MlrsCell.head(shape, w, 0.75), 1e-15);
    assertEquals(3.0, MlrsCell.head(shape, w, 1.0), 1e-15);
  }

  @Test
  void theHeadMovesTheOutputLogitByThreeTimesItsValue() {
    CellShape plain = new CellShape(3, 2);
    CellShape headed = new CellShape(3, 2, 1, 2);
    double[] w = new double[plain.parameterCount()];
    java.util.Random random = new java.util.Random(4);
    for (int k = 0; k < w.length; k++) {
      w[k] = random.nextGaussian();
    }
    double[] withHead = CellWeights.widen(plain, w, headed);
    withHead[headed.knot0()] = 0.2;
    withHead[headed.knot0() + 1] = -0.6;
    double out = MlrsCell.forward(plain, w, 1.3, new double[3], new double[3], new CellTrace(plain));
    double outHead = MlrsCell.forward(headed, withHead, 1.3, 0.75, new double[3], new double[3],
        new CellTrace(headed));
    double logit = Math.log(out / (1 - out));
    double logitHead = Math.log(outHead / (1 - outHead));
    assertEquals(3 * (0.25 * 0.2 + 0.75 * -0.6), logitHead - logit, 1e-9);
  }

  @Test
  void cellsThatReadTheProgressMustBeGivenIt() {
    CellShape shape = new CellShape(3, 2).scheduleAware(2);
    double[] w = new double[shape.parameterCount()];
    CellTrace trace = new CellTrace(shape);
    assertThrows(IllegalArgumentException.class,
        () -> MlrsCell.forward(shape, w, 1.0, new double[3], new double[3], trace));
    assertThrows(IllegalArgumentException.class,
        () -> MlrsCell.forward(shape, w, 1.0, 1.5, new double[3], new double[3], trace));
    assertThrows(IllegalArgumentException.class,
        () -> MlrsCell.forward(shape, w, 1.0, Double.NaN, new double[3], new double[3], trace));
  }
}
