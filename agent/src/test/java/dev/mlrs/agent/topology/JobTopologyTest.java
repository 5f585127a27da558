package dev.mlrs.agent.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.ReleasedWeights;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.LrScale;
import dev.mlrs.agent.math.MlrsCell;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.Rejected;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-job sub-topology: LR decisions, validation → meta-gradient, and every kind of bad input. */
class JobTopologyTest {
  private static final ReleasedWeights RELEASED = ReleasedWeights.load();
  private AgentDriver agent;

  @BeforeEach
  void start() {
    agent = new AgentDriver(MetaTrainerSettings.DEFAULTS);
    LearnerFactory.shipped(0L).forEach(agent::publish);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  static StepReport.Builder report(String job, long step, double loss) {
    return StepReport.newBuilder().setJob(job).setStep(step).setLoss(loss).setLearner(LearnerFactory.MLRSNET_PAPER)
        .setMode(LearnerMode.FROZEN).setNumClasses(10).setReferenceLoss(2.3).setLrMin(0).setLrMax(10);
  }

  @Test
  void firstStepStartsFromZeroStateAndScalesByGamma() {
    agent.step(report("job-a", 0, 2.3).build());
    LrDecision d = agent.lr.readValue();
    double output = new OfflineCell(CellShape.REFERENCE).step(RELEASED.snapshot("epoch_1"), 2.3);
    double gamma = LrScale.gamma(2.3, 10);
    assertEquals(DecisionStatus.OK, d.getStatus());
    assertEquals("job-a", d.getJob());
    assertEquals(0, d.getStep());
    assertEquals(output, d.getOutput(), 1e-12);
    assertEquals(gamma, d.getGamma(), 1e-12);
    assertEquals(gamma * output, d.getLr(), 1e-12);
    assertEquals(1, d.getLearnerVersion());
    assertEquals(LearnerFactory.MLRSNET_PAPER, d.getLearner());
    assertFalse(d.getClamped());
    assertTrue(agent.rejected.isEmpty());
  }

  @Test
  void everyStepEqualsTheOfflineCellOnTheSameLosses() {
    OfflineCell offline = new OfflineCell(CellShape.REFERENCE);
    OfflineCell otherJob = new OfflineCell(CellShape.REFERENCE);
    double[] w = RELEASED.snapshot("epoch_1");
    double gamma = LrScale.gamma(2.3, 10);
    for (int t = 0; t < 50; t++) {
      double loss = 2.3 * Math.exp(-t / 20.0) + 0.05 * Math.sin(t);
      agent.step(report("job-a", t, loss).build());
      // a second job interleaved on the same partition must not disturb the first
      agent.step(report("job-b", t, 1.0).build());
      LrDecision a = agent.lr.readValue();
      LrDecision b = agent.lr.readValue();
      assertEquals(gamma * offline.step(w, loss), a.getLr(), 1e-12, "job-a step " + t);
      assertEquals(gamma * otherJob.step(w, 1.0), b.getLr(), 1e-12, "job-b step " + t);
    }
  }

  @Test
  void clampsToTheJobsBounds() {
    agent.step(report("job-a", 0, 2.3).setLrMax(0.1).build());
    LrDecision d = agent.lr.readValue();
    assertEquals(0.1, d.getLr(), 0);
    assertTrue(d.getClamped());
    agent.step(report("job-a", 1, 2.3).setLrMin(0.9).setLrMax(1.0).build());
    assertEquals(0.9, agent.lr.readValue().getLr(), 0);
  }

  @Test
  void explicitGammaOverridesTheFormula() {
    agent.step(report("reg", 0, 5.0).setGamma(0.02).setNumClasses(0).setReferenceLoss(0).build());
    LrDecision d = agent.lr.readValue();
    assertEquals(0.02, d.getGamma(), 0);
    assertEquals(0.02 * d.getOutput(), d.getLr(), 1e-15);
  }

  @Test
  void unknownLearnerIsRejectedAndTheJobToldAtOnce() {
    agent.step(report("job-a", 0, 2.3).setLearner("nope").build());
    LrDecision d = agent.lr.readValue();
    assertEquals(DecisionStatus.REJECTED, d.getStatus());
    assertNull(d.getLr());
    assertTrue(d.getReason().contains("unknown learner 'nope'"), d.getReason());
    assertTrue(d.getReason().contains("default"), "lists the known learners: " + d.getReason());
    Rejected r = agent.rejected.readValue();
    assertEquals("steps", r.getSourceTopic());
    assertEquals(d.getReason(), r.getReason());
  }

  @Test
  void malformedBytesGoToRejectedWithTheOriginalBytes() {
    byte[] garbage = "{\"loss\": 1.0}".getBytes(StandardCharsets.UTF_8);
    agent.steps.pipeInput("job-x", garbage);
    TestRecord<byte[], Rejected> r = agent.rejected.readRecord();
    assertArrayEquals("job-x".getBytes(StandardCharsets.UTF_8), r.key());
    assertEquals("{\"loss\": 1.0}", AgentDriver.text(r.value().getValue()));
    assertEquals("steps", r.value().getSourceTopic());
    assertEquals(0L, r.value().getOffset());
    assertTrue(r.value().getReason().contains("StepReport"), r.value().getReason());
    assertTrue(agent.lr.isEmpty());
  }

  @Test
  void nanLossIsRejectedAndDoesNotAdvanceTheState() {
    agent.step(report("job-a", 0, 2.3).build());
    double first = agent.lr.readValue().getLr();
    agent.step(report("job-a", 1, Double.NaN).build());
    LrDecision d = agent.lr.readValue();
    assertEquals(DecisionStatus.REJECTED, d.getStatus());
    assertTrue(d.getReason().contains("NaN"), d.getReason());
    assertTrue(agent.rejected.readValue().getReason().contains("NaN"));
    // step 1 was not served, so it may be sent again with a real loss and continues from step 0's state
    agent.step(report("job-a", 1, 2.2).build());
    OfflineCell offline = new OfflineCell(CellShape.REFERENCE);
    double[] w = RELEASED.snapshot("epoch_1");
    assertEquals(first, LrScale.gamma(2.3, 10) * offline.step(w, 2.3), 1e-12);
    assertEquals(LrScale.gamma(2.3, 10) * offline.step(w, 2.2), agent.lr.readValue().getLr(), 1e-12);
  }

  @Test
  void olderStepsAndOtherReportsOfAServedStepAreRejected() {
    agent.step(report("job-a", 5, 2.3).build());
    agent.lr.readValue();
    agent.step(report("job-a", 4, 2.3).build());
    LrDecision d = agent.lr.readValue();
    assertEquals(DecisionStatus.REJECTED, d.getStatus());
    assertTrue(d.getReason().contains("not after step 5"), d.getReason());
    // The same step with another loss is a new report, not a re-delivery (IdempotentServingTest has those).
    agent.step(report("job-a", 5, 2.2).build());
    d = agent.lr.readValue();
    assertEquals(DecisionStatus.REJECTED, d.getStatus());
    assertTrue(d.getReason().contains("already served"), d.getReason());
  }

  @Test
  void keyMustBeTheJobId() {
    agent.steps.pipeInput("someone-else", dev.mlrs.schemas.serde.MlrsSerdes.STEP_REPORT.encode(report("job-a", 0, 2.3)
        .build()));
    assertTrue(agent.rejected.readValue().getReason().contains("key"));
  }

  @Test
  void learnModeOnAMultiStageLearnerIsRejected() {
    agent.step(report("job-a", 0, 2.3).setLearner(LearnerFactory.REFERENCE_THREE_STAGE).setMode(LearnerMode.LEARN)
        .build());
    LrDecision d = agent.lr.readValue();
    assertEquals(DecisionStatus.REJECTED, d.getStatus());
    assertTrue(d.getReason().contains("3 stages"), d.getReason());
  }

  @Test
  void threeStageLearnerSwitchesSnapshotsAndRecomputesGamma() {
    String learner = LearnerFactory.REFERENCE_THREE_STAGE;
    double[] losses = {2.3, 2.0, 1.8, 1.5, 1.2, 1.0, 0.8, 0.6, 0.5};
    double[] referenceLoss = {2.3, 2.3, 2.3, 1.4, 1.4, 1.4, 0.7, 0.7, 0.7};
    OfflineCell offline = new OfflineCell(CellShape.REFERENCE);
    String[] snapshots = {"epoch_1", "epoch_100", "epoch_200"};
    for (int t = 0; t < losses.length; t++) {
      agent.step(report("job-3", t, losses[t]).setLearner(learner).setTotalSteps(9).setReferenceLoss(referenceLoss[t])
          .build());
      LrDecision d = agent.lr.readValue();
      int stage = t / 3;
      assertEquals(stage, d.getStage(), "step " + t);
      // gamma comes from the referenceLoss reported at the first step of each stage
      assertEquals(LrScale.gamma(referenceLoss[stage * 3], 10), d.getGamma(), 1e-12, "step " + t);
      assertEquals(offline.step(RELEASED.snapshot(snapshots[stage]), losses[t]), d.getOutput(), 1e-12, "step " + t);
    }
  }

  @Test
  void validationOfALearnStepYieldsTheBackwardPassTimesTheHypergradient() {
    OfflineCell offline = new OfflineCell(CellShape.REFERENCE);
    double[] w = RELEASED.snapshot("epoch_1");
    for (int t = 0; t < 4; t++) {
      agent.step(report("job-l", t, 2.0 - 0.1 * t).setMode(LearnerMode.LEARN).setValidate(t == 3).build());
      agent.lr.readValue();
      if (t < 3) {
        offline.step(w, 2.0 - 0.1 * t);
      }
    }
    double hypergradient = 0.25;
    agent.validate(ValidationReport.newBuilder().setJob("job-l").setStep(3).setValLoss(1.1)
        .setHypergradient(hypergradient).build());
    MetaGradient g = agent.metaGradients.readValue();
    assertEquals(LearnerFactory.MLRSNET_PAPER, g.getLearner());
    assertEquals(1, g.getLearnerVersion());
    assertEquals("job-l", g.getJob());
    assertEquals(3, g.getStep());

    CellTrace trace = new CellTrace(CellShape.REFERENCE);
    MlrsCell.forward(CellShape.REFERENCE, w, 2.0 - 0.3, offline.h, offline.c, trace);
    double[] expected = new double[CellShape.REFERENCE.parameterCount()];
    MlrsCell.backward(CellShape.REFERENCE, w, trace, hypergradient * LrScale.gamma(2.3, 10), expected);
    assertArrayEquals(expected, WeightArrays.toArray(g.getGradient()), 1e-12);
  }

  @Test
  void validationWithoutAPendingStepIsRejected() {
    agent.step(report("job-l", 0, 2.0).setMode(LearnerMode.LEARN).build());
    agent.validate(ValidationReport.newBuilder().setJob("job-l").setStep(0).setValLoss(1).setHypergradient(1).build());
    assertTrue(agent.rejected.readValue().getReason().contains("awaits validation"));
    assertTrue(agent.metaGradients.isEmpty());
  }

  @Test
  void validationIsUsedOnceAndMayArriveAfterTheNextStep() {
    agent.step(report("job-l", 0, 2.0).setMode(LearnerMode.LEARN).setValidate(true).build());
    agent.step(report("job-l", 1, 1.9).setMode(LearnerMode.LEARN).build());
    ValidationReport v = ValidationReport.newBuilder().setJob("job-l").setStep(0).setValLoss(1).setHypergradient(0.5)
        .build();
    agent.validate(v);
    assertEquals(0, agent.metaGradients.readValue().getStep());
    agent.validate(v);
    assertTrue(agent.metaGradients.isEmpty());
    assertTrue(agent.rejected.readValue().getReason().contains("awaits validation"));
  }

  @Test
  void nonFiniteHypergradientIsRejected() {
    agent.step(report("job-l", 0, 2.0).setMode(LearnerMode.LEARN).setValidate(true).build());
    agent.validate(ValidationReport.newBuilder().setJob("job-l").setStep(0).setValLoss(1)
        .setHypergradient(Double.POSITIVE_INFINITY).build());
    assertTrue(agent.rejected.readValue().getReason().contains("hypergradient"));
    assertTrue(agent.metaGradients.isEmpty());
  }

  @Test
  void aGradientThatWouldPushPastTheClampIsNotApplied() {
    agent.step(report("job-l", 0, 2.0).setMode(LearnerMode.LEARN).setValidate(true).setLrMax(0.01).build());
    agent.validate(ValidationReport.newBuilder().setJob("job-l").setStep(0).setValLoss(1).setHypergradient(-3).build());
    assertTrue(agent.metaGradients.isEmpty());
    assertTrue(agent.rejected.isEmpty());
    agent.step(report("job-l", 1, 2.0).setMode(LearnerMode.LEARN).setValidate(true).setLrMax(0.01).build());
    agent.validate(ValidationReport.newBuilder().setJob("job-l").setStep(1).setValLoss(1).setHypergradient(3).build());
    assertEquals(1, agent.metaGradients.readValuesToList().size());
  }

  @Test
  void newLearnerVersionsReachTheJobsThroughTheGlobalStore() {
    agent.step(report("job-a", 0, 2.3).build());
    assertEquals(1, agent.lr.readValue().getLearnerVersion());
    LearnerParams v2 = LearnerParams.newBuilder(LearnerFactory.paper(0L)).setVersion(2)
        .setStages(List.of(LearnerFactory.stage(0, RELEASED.snapshot("epoch_200")))).build();
    agent.publish(v2);
    agent.step(report("job-a", 1, 2.3).build());
    assertEquals(2, agent.lr.readValue().getLearnerVersion());
  }
}
