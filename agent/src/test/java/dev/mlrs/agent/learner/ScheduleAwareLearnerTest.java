package dev.mlrs.agent.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.MlrsCell;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.EsSubspace;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleAwareLearnerTest {

  private static final LearnerParams DEFAULT = LearnerFactory.paper(0L);

  @Test
  void oldRecordsDecodeAsThePapersCell() {
    Learner learner = Learner.of(DEFAULT);
    assertEquals(CellShape.REFERENCE, learner.shape());
    assertFalse(learner.usesProgress());
    assertEquals(MetaObjective.ONE_STEP, learner.objective());
    assertNull(learner.es());
  }

  @Test
  void aScheduleAwareLearnerServesExactlyWhatItsBaseServesBeforeTraining() {
    EsSettings es = EsSettings.newBuilder().setSubspace(EsSubspace.HEAD).setGeneration(7).build();
    LearnerParams params = LearnerFactory.scheduleAware(DEFAULT, "fleet", 6, es, 5L);
    Learner aware = Learner.of(params);
    Learner base = Learner.of(DEFAULT);
    assertEquals(CellShape.REFERENCE.scheduleAware(6), aware.shape());
    assertEquals(11807, aware.shape().parameterCount());
    assertEquals(MetaObjective.FLEET_ES, aware.objective());
    assertEquals(EsSubspace.HEAD, aware.es().getSubspace());
    assertEquals(0, aware.es().getGeneration(), "a new learner starts at generation 0");
    assertEquals(1, aware.stageCount());

    for (double progress : new double[] {0.0, 0.13, 0.5, 0.99, 1.0}) {
      double[] hBase = new double[50];
      double[] cBase = new double[50];
      double[] hAware = new double[50];
      double[] cAware = new double[50];
      CellTrace tBase = new CellTrace(base.shape());
      CellTrace tAware = new CellTrace(aware.shape());
      for (int t = 0; t < 20; t++) {
        double loss = 2.3 * Math.exp(-0.05 * t) + 0.1 * Math.sin(t);
        double expected = MlrsCell.forward(base.shape(), base.weights(0), loss, hBase, cBase, tBase);
        double actual = MlrsCell.forward(aware.shape(), aware.weights(0), loss, progress, hAware, cAware, tAware);
        assertEquals(expected, actual, 0.0, "step " + t + " at progress " + progress);
        hBase = tBase.h().clone();
        cBase = tBase.c().clone();
        hAware = tAware.h().clone();
        cAware = tAware.c().clone();
      }
    }
  }

  @Test
  void aForkKeepsTheShapeAndTheObjective() {
    LearnerParams aware = LearnerFactory.scheduleAware(DEFAULT, "fleet", 6, null, 5L);
    LearnerParams advanced = LearnerParams.newBuilder(aware).setVersion(9)
        .setEs(EsSettings.newBuilder(aware.getEs()).setGeneration(8).setRunsUsed(64).build()).build();
    Learner fork = Learner.of(LearnerFactory.fork(advanced, 0, "fleet-copy", 6L));
    assertEquals(aware.getProgressKnots(), fork.shape().knots());
    assertEquals(2, fork.shape().inputs());
    assertEquals(MetaObjective.FLEET_ES, fork.objective());
    assertEquals(0, fork.es().getGeneration());
    assertEquals(0, fork.es().getRunsUsed());
    assertArrayEquals(Learner.of(aware).weights(0), fork.weights(0));
  }

  @Test
  void rejectsWhatCannotBeServedOrTrained() {
    LearnerParams aware = LearnerFactory.scheduleAware(DEFAULT, "fleet", 6, null, 5L);
    assertThrows(IllegalArgumentException.class,
        () -> LearnerFactory.scheduleAware(aware, "again", 6, null, 0L), "already reads the progress");
    LearnerParams threeStage = LearnerFactory.shipped(0L).get(1);
    assertThrows(IllegalArgumentException.class, () -> LearnerFactory.scheduleAware(threeStage, "x", 6, null, 0L));
    assertEquals(3, Learner.of(LearnerFactory.scheduleAware(threeStage, 2, "late", 3, null, 0L)).shape().knots());
    assertThrows(IllegalArgumentException.class, () -> LearnerFactory.scheduleAware(DEFAULT, "x", 1, null, 0L));
    IllegalArgumentException noSettings = assertThrows(IllegalArgumentException.class,
        () -> Learner.of(LearnerParams.newBuilder(aware).setEs(null).build()));
    assertTrue(noSettings.getMessage().contains("needs es settings"), noSettings.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Learner.of(LearnerParams.newBuilder(aware)
        .setEs(EsSettings.newBuilder().setSigma(-1).build()).build()));
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> Learner.of(LearnerParams.newBuilder(DEFAULT).setInputs(3).build()));
    assertTrue(shape.getMessage().contains("mlrsnet-paper@1"), shape.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Learner.of(LearnerParams.newBuilder(DEFAULT).setProgressKnots(6).build()), "weight count");
    assertThrows(IllegalArgumentException.class, () -> Learner.of(LearnerParams.newBuilder(aware)
        .setStages(List.of(aware.getStages().get(0), LearnerFactory.stage(0.5,
            WeightArrays.toArray(aware.getStages().get(0).getWeights())))).build()), "FLEET_ES has one stage");
  }

  @Test
  void fromScratchBuildsScheduleAwareShapesWithZeroKnots() {
    CellShape shape = new CellShape(7, 5).scheduleAware(4);
    Learner learner = Learner.of(LearnerFactory.fromScratch("tiny", shape, 3, 0.2, 0L));
    assertEquals(shape, learner.shape());
    for (int k = shape.knot0(); k < shape.parameterCount(); k++) {
      assertEquals(0.0, learner.weights(0)[k]);
    }
  }

  @Test
  void fleetAblationsKeepTheShapeTheyAskForAndServeWhatTheBaseServes() {
    Learner lossOnly = Learner.of(LearnerFactory.grown(DEFAULT, 0, "loss-only", false, 0,
        MetaObjective.FLEET_ES, null, 0L));
    Learner noHead = Learner.of(LearnerFactory.grown(DEFAULT, 0, "no-head", true, 0, MetaObjective.FLEET_ES,
        null, 0L));
    assertEquals(CellShape.REFERENCE, lossOnly.shape());
    assertEquals(MetaObjective.FLEET_ES, lossOnly.objective());
    assertEquals(new CellShape(50, 25, 2, 0), noHead.shape());
    assertArrayEquals(Learner.of(DEFAULT).weights(0), lossOnly.weights(0));
    double[] h = new double[50];
    double[] c = new double[50];
    double expected = MlrsCell.forward(CellShape.REFERENCE, Learner.of(DEFAULT).weights(0), 1.7, h, c,
        new CellTrace(CellShape.REFERENCE));
    double actual = MlrsCell.forward(noHead.shape(), noHead.weights(0), 1.7, 0.8, h, c, new CellTrace(noHead.shape()));
    assertEquals(expected, actual, 0.0);
    assertThrows(IllegalArgumentException.class, () -> LearnerFactory.grown(DEFAULT, 0, "x", true, 1,
        MetaObjective.ONE_STEP, null, 0L));
  }
}
