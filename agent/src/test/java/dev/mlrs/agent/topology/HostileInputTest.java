package dev.mlrs.agent.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.job.InputLimits;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LearnerStage;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.MetaOptimizerSettings;
import dev.mlrs.schemas.Rejected;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, items 1 and 3-7 on the TopologyTestDriver: inputs that used to take the agent down or steer the learner
 * are refused with a reason, and the agent goes on serving. (On the driver an exception in a processor fails the
 * test, as it would kill the stream thread of a real instance.)
 */
class HostileInputTest {
  /** The one-step learner these tests feed (the shipped `default` is trained by FLEET_ES). */
  private static final String PAPER = LearnerFactory.MLRSNET_PAPER;
  private static final int N = CellShape.REFERENCE.parameterCount();
  private AgentDriver agent;

  private void start(MetaTrainerSettings settings) {
    agent = new AgentDriver(settings);
    LearnerFactory.shipped(0L).forEach(agent::publish);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  /** Steps of the gradients sent: a job's gradients come in increasing steps (a repeated step is a re-delivery). */
  private long nextStep;

  private MetaGradient gradient(String job, long version, double value) {
    double[] g = new double[N];
    Arrays.fill(g, value);
    return MetaGradient.newBuilder().setLearner(PAPER).setLearnerVersion(version).setStage(0).setJob(job)
        .setStep(++nextStep).setHypergradient(value).setValLoss(1).setGradient(WeightArrays.toList(g)).build();
  }

  private LrDecision serve(StepReport report) {
    agent.step(report);
    return agent.lr.readValue();
  }

  private void assertServed(String job, long step, long version) {
    LrDecision d = serve(JobTopologyTest.report(job, step, 2.3).build());
    assertEquals(DecisionStatus.OK, d.getStatus(), d.getReason());
    assertEquals(version, d.getLearnerVersion());
  }

  private static LearnerParams defaultWith(long version, double weight) {
    LearnerParams shipped = LearnerFactory.paper(0L);
    double[] w = WeightArrays.toArray(shipped.getStages().get(0).getWeights());
    w[7] = weight;
    return LearnerParams.newBuilder(shipped).setVersion(version)
        .setStages(List.of(LearnerStage.newBuilder(shipped.getStages().get(0)).setWeights(WeightArrays.toList(w))
            .build())).build();
  }

  @Test
  void anOversizedRecordGetsADeadLetterThatFitsWithItsDigest() {
    start(MetaTrainerSettings.DEFAULTS);
    byte[] key = new byte[500_000];
    Arrays.fill(key, (byte) 'k');
    byte[] value = MlrsSerdes.STEP_REPORT.encode(JobTopologyTest.report(new String(key, StandardCharsets.UTF_8), 0,
        2.3).setLearner("x".repeat(540_000)).build());
    agent.steps.pipeInput(new String(key, StandardCharsets.UTF_8), value);
    TestRecord<byte[], Rejected> dead = agent.rejected.readRecord();
    int size = MlrsSerdes.REJECTED.encode(dead.value()).length + dead.key().length;
    assertTrue(size < 400_000, "a dead letter must fit on rejected (1 MB by default), is " + size + " bytes");
    assertEquals(DeadLetterFit.MAX_KEY_BYTES, dead.key().length);
    String reason = dead.value().getReason();
    assertTrue(reason.contains("job id is 500000 characters long"), reason);
    assertTrue(reason.contains("key truncated to 1024 of 500000 bytes, sha256 of the original "
        + DeadLetterFit.sha256(key)), reason);
    assertTrue(reason.contains("value truncated to " + DeadLetterFit.MAX_VALUE_BYTES + " of " + value.length),
        reason);
    assertTrue(agent.lr.isEmpty(), "no reply repeats an oversized job id");
    assertServed("good-job", 0, 1);
  }

  @Test
  void aLearnerWithANonFiniteOrHugeWeightNeverEntersTheStore() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(1).withEstablishedAfter(0));
    agent.publish(defaultWith(2, Double.NaN));
    agent.publish(defaultWith(3, 1e30));
    assertServed("job", 0, 1);
    agent.gradient(gradient("j", 1, 0.1));   // used to crash the meta-trainer ("non-finite weight")
    assertEquals(2, agent.metaParams.readValue().getVersion());
  }

  @Test
  void aTombstoneDoesNotDeleteALearner() {
    start(MetaTrainerSettings.DEFAULTS);
    agent.metaParamsIn.pipeInput(PAPER, (LearnerParams) null);
    assertServed("job", 0, 1);
  }

  @Test
  void versionsThatDoNotIncreaseAreRefused() {
    start(MetaTrainerSettings.DEFAULTS);
    agent.publish(defaultWith(5, 0.5));
    agent.publish(defaultWith(5, 0.25));
    agent.publish(defaultWith(3, 0.25));
    LrDecision d = serve(JobTopologyTest.report("job", 0, 2.3).build());
    assertEquals(5, d.getLearnerVersion());
    agent.publish(defaultWith(6, 0.5));
    assertServed("job", 1, 6);
  }

  @Test
  void poolingHugeFiniteGradientsGivesFiniteWeights() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(2).withEstablishedAfter(0).withMaxWait(Duration.ofHours(1)));
    agent.gradient(gradient("j", 1, 1.5e308));
    agent.gradient(gradient("j", 1, 1.5e308));   // their sum used to be Infinity, then 0 * Inf = NaN weights
    LearnerParams v2 = agent.metaParams.readValue();
    assertEquals(2, v2.getVersion());
    assertTrue(v2.getStages().get(0).getWeights().stream().allMatch(Double::isFinite));
    assertServed("job", 0, 2);
  }

  @Test
  void anAdamStepThatWouldLeaveSaneWeightsIsNotPublished() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(1).withEstablishedAfter(0));
    LearnerParams reckless = LearnerParams.newBuilder(defaultWith(2, 0.5))
        .setOptimizer(MetaOptimizerSettings.newBuilder().setLearningRate(1e300).build()).build();
    agent.publish(reckless);
    agent.gradient(gradient("j", 2, 1.0));
    assertTrue(agent.metaParams.isEmpty(), "nothing published");
    Rejected r = agent.rejected.readValue();
    assertTrue(r.getReason().contains("was not published") && r.getReason().contains("stays at version 2"),
        r.getReason());
    assertServed("job", 0, 2);
  }

  @Test
  void absurdStepReportsAreRejectedAndTheJobIdStaysUsable() {
    start(MetaTrainerSettings.DEFAULTS);
    String[][] cases = {
        {"gamma", "gamma 1.0E30 is invalid"},
        {"lrMax", "LR bounds [0.0, 1.0E308] are invalid"},
        {"maxStep", "is above the largest step"},
        {"negativeLoss", "loss is -1.0"},
        {"hugeLoss", "loss is 1.0E308"},
        {"referenceLoss", "computed from referenceLoss 1.0E30 is above"},
    };
    for (String[] c : cases) {
      StepReport.Builder r = JobTopologyTest.report("job-" + c[0], 0, 2.3);
      switch (c[0]) {
        case "gamma" -> r.setGamma(1e30);
        case "lrMax" -> r.setLrMax(1e308);
        case "maxStep" -> r.setStep(Long.MAX_VALUE);
        case "negativeLoss" -> r.setLoss(-1.0);
        case "hugeLoss" -> r.setLoss(1e308);
        default -> r.setReferenceLoss(1e30);
      }
      LrDecision d = serve(r.build());
      assertEquals(DecisionStatus.REJECTED, d.getStatus(), c[0]);
      assertTrue(d.getReason().contains(c[1]), c[0] + ": " + d.getReason());
      assertNotNull(agent.rejected.readValue());
      assertServed("job-" + c[0], 0, 1);   // the id is still usable from step 0
    }
    assertServed("jumper", 0, 1);
    LrDecision jump = serve(JobTopologyTest.report("jumper", InputLimits.MAX_STEP_JUMP + 1, 2.3).build());
    assertTrue(jump.getReason().contains("jumps more than"), jump.getReason());
    assertServed("jumper", InputLimits.MAX_STEP_JUMP, 1);
  }

  @Test
  void aTenKilobyteJobIdIsRejectedWithoutAReply() {
    start(MetaTrainerSettings.DEFAULTS);
    String id = "j".repeat(10_000);
    agent.step(JobTopologyTest.report(id, 0, 2.3).build());
    assertTrue(agent.lr.isEmpty());
    assertTrue(agent.rejected.readValue().getReason().contains("at most " + InputLimits.MAX_JOB_ID_CHARS));
  }

  @Test
  void aGradientClaimingAFutureVersionIsRejected() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(1).withEstablishedAfter(0));
    agent.gradient(gradient("j", 4_600_000_000_000_000_000L, 0.1));
    assertTrue(agent.metaParams.isEmpty());
    assertTrue(agent.rejected.readValue().getReason().contains("claims version 4600000000000000000"));
  }

  /** The learner's next version after honest jobs h1, h2 are established, with or without Sybils in the pool. */
  private double[] weightsAfterAPoolWith(int sybils) {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(1000).withMaxWait(Duration.ofSeconds(10)));
    for (int i = 0; i < 3; i++) {
      agent.gradient(gradient("h1", 1, 0.2));
      agent.gradient(gradient("h2", 1, 0.4));
    }
    agent.advanceWallClock(Duration.ofSeconds(11));   // this pool only establishes h1 and h2
    assertTrue(agent.metaParams.isEmpty());
    for (int s = 0; s < sybils; s++) {
      agent.gradient(gradient("sybil-" + s, 1, s % 2 == 0 ? 1e30 : -1e30));
    }
    agent.gradient(gradient("h1", 1, 0.2));
    agent.gradient(gradient("h2", 1, 0.4));
    agent.advanceWallClock(Duration.ofSeconds(11));
    LearnerParams next = agent.metaParams.readValue();
    assertEquals(2, next.getVersion());
    double[] w = WeightArrays.toArray(next.getStages().get(0).getWeights());
    agent.close();
    agent = new AgentDriver(MetaTrainerSettings.DEFAULTS);
    return w;
  }

  @Test
  void manyThrowawayJobIdsNeitherSetTheClipNorNudgeTheLearner() {
    double[] honest = weightsAfterAPoolWith(0);
    double[] attacked = weightsAfterAPoolWith(100);
    assertArrayEquals(honest, attacked, 0.0);
  }
}
