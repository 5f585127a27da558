package dev.mlrs.agent.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.AdamOptimizer;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.ValidationReport;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meta-trainer sub-topology: pooling, guarding, Adam, publication, pick-up by the job side. */
class MetaTrainerTopologyTest {
  private static final int N = CellShape.REFERENCE.parameterCount();
  private AgentDriver agent;

  /**
   * These tests are about pooling, Adam and publication, so every job counts from its first gradient
   * (establishedAfter 0); HostileInputTest covers the establishment rule.
   */
  private void start(MetaTrainerSettings settings) {
    agent = new AgentDriver(settings.withEstablishedAfter(0));
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
    return MetaGradient.newBuilder().setLearner(LearnerFactory.MLRSNET_PAPER).setLearnerVersion(version).setStage(0)
        .setJob(job)
        .setStep(++nextStep).setHypergradient(value).setValLoss(1).setGradient(WeightArrays.toList(g)).build();
  }

  @Test
  void aFullPoolBecomesOneAdamStepAndTheNextVersion() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(3).withMaxWait(Duration.ofHours(1)));
    // norms 5.4, 16 and 11: below the cap of 100 that each gradient gets before pooling
    agent.gradient(gradient("j1", 1, 0.05));
    agent.gradient(gradient("j1", 1, 0.15));   // j1's two gradients average to 0.1
    assertTrue(agent.metaParams.isEmpty());
    agent.gradient(gradient("j2", 1, 0.1));
    LearnerParams v2 = agent.metaParams.readValue();
    assertEquals(2, v2.getVersion());
    assertEquals(3, v2.getGradientsApplied());
    assertTrue(v2.getOrigin().contains("3 gradient(s) from 2 job(s)"), v2.getOrigin());

    double[] expected = WeightArrays.toArray(LearnerFactory.paper(0L).getStages().get(0).getWeights());
    double[] g = new double[N];
    Arrays.fill(g, 0.1);
    AdamOptimizer.step(AdamOptimizer.Settings.REFERENCE, expected, g, new double[N], new double[N], 1);
    assertArrayEquals(expected, WeightArrays.toArray(v2.getStages().get(0).getWeights()), 1e-12);
  }

  @Test
  void aReDeliveredMetaGradientIsNotAppliedTwice() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(2).withMaxWait(Duration.ofHours(1)));
    MetaGradient j1 = gradient("j1", 1, 0.05);
    agent.gradient(j1);
    agent.gradient(j1);   // delivered again, as at-least-once may after a crash
    assertTrue(agent.metaParams.isEmpty(), "the re-delivery did not fill the pool");
    assertTrue(agent.rejected.readValue().getReason().contains("a re-delivery is not applied twice"));
    agent.gradient(gradient("j2", 1, 0.15));
    LearnerParams v2 = agent.metaParams.readValue();
    assertEquals(2, v2.getGradientsApplied());
    assertTrue(v2.getOrigin().contains("2 gradient(s) from 2 job(s)"), v2.getOrigin());

    agent.gradient(j1);   // and again after its pool was applied
    agent.gradient(gradient("j3", 2, 0.1));
    assertTrue(agent.metaParams.isEmpty(), "a gradient applied in version 2 is not pooled for version 3");
    agent.gradient(gradient("j1", 2, 0.1));   // j1's next step counts
    assertEquals(3, agent.metaParams.readValue().getVersion());
  }

  @Test
  void theNewVersionServesTheNextStep() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(1));
    agent.gradient(gradient("j1", 1, 0.01));
    assertEquals(2, agent.metaParams.readValue().getVersion());
    agent.step(JobTopologyTest.report("job-a", 0, 2.3).build());
    LrDecision d = agent.lr.readValue();
    assertEquals(2, d.getLearnerVersion());
  }

  @Test
  void aHalfFullPoolIsAppliedAfterTheWaitOnWallClockTime() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(100).withMaxWait(Duration.ofSeconds(2)));
    agent.gradient(gradient("j1", 1, 0.3));
    agent.advanceWallClock(Duration.ofMillis(500));
    assertTrue(agent.metaParams.isEmpty());
    agent.advanceWallClock(Duration.ofSeconds(2));
    assertEquals(2, agent.metaParams.readValue().getVersion());
    agent.advanceWallClock(Duration.ofSeconds(5));
    assertTrue(agent.metaParams.isEmpty(), "an empty pool publishes nothing");
  }

  @Test
  void staleAndNonFiniteGradientsAreRejected() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(1).withMaxStaleness(1));
    for (int i = 0; i < 3; i++) {
      agent.gradient(gradient("j1", 1 + i, 0.1));   // v1 -> v2 -> v3 -> v4
    }
    assertEquals(3, agent.metaParams.readValuesToList().size());
    agent.gradient(gradient("j1", 2, 0.1));        // two versions behind v4
    assertTrue(agent.rejected.readValue().getReason().contains("stale"));
    MetaGradient bad = gradient("j1", 4, 0.1);
    bad.getGradient().set(7, Double.NaN);
    agent.gradient(bad);
    assertTrue(agent.rejected.readValue().getReason().contains("non-finite"));
    assertTrue(agent.metaParams.isEmpty());
  }

  @Test
  void gradientsForFrozenOrUnknownLearnersAreRejected() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(1));
    MetaGradient unknown = MetaGradient.newBuilder(gradient("j1", 1, 0.1)).setLearner("ghost").build();
    agent.gradient(unknown);
    assertTrue(agent.rejected.readValue().getReason().contains("unknown learner"));
    MetaGradient frozen = MetaGradient.newBuilder(gradient("j1", 1, 0.1))
        .setLearner(LearnerFactory.REFERENCE_THREE_STAGE).build();
    agent.gradient(frozen);
    assertTrue(agent.rejected.readValue().getReason().contains("stages"));
  }

  @Test
  void oneJobWithHugeGradientsWeighsNoMoreThanATypicalJob() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(8).withMaxNorm(1e12));
    for (int j = 0; j < 7; j++) {
      agent.gradient(gradient("honest-" + j, 1, 1.0));
    }
    agent.gradient(gradient("hostile", 1, -1e6));
    // every contribution is clipped to the median norm: the mean is (7 - 1) / 8 = 0.75 per entry
    double[] expected = WeightArrays.toArray(LearnerFactory.paper(0L).getStages().get(0).getWeights());
    double[] g = new double[N];
    Arrays.fill(g, 0.75);
    AdamOptimizer.step(AdamOptimizer.Settings.REFERENCE, expected, g, new double[N], new double[N], 1);
    assertArrayEquals(expected, WeightArrays.toArray(agent.metaParams.readValue().getStages().get(0).getWeights()),
        1e-12);
  }

  @Test
  void anImportedNewerVersionReplacesTheTrainersState() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(1));
    agent.gradient(gradient("j1", 1, 0.1));
    assertEquals(2, agent.metaParams.readValue().getVersion());
    LearnerParams imported = LearnerParams.newBuilder(LearnerFactory.paper(0L)).setVersion(10)
        .setOrigin("imported").build();
    agent.publish(imported);
    agent.gradient(gradient("j1", 10, 0.1));
    LearnerParams next = agent.metaParams.readValue();
    assertEquals(11, next.getVersion());
  }

  @Test
  void theWholeLoopFromValidationToANewVersion() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(2));
    for (String job : List.of("a", "b")) {
      agent.step(JobTopologyTest.report(job, 0, 2.0).setMode(LearnerMode.LEARN).setValidate(true).build());
      agent.validate(ValidationReport.newBuilder().setJob(job).setStep(0).setValLoss(1).setHypergradient(0.2).build());
    }
    assertEquals(2, agent.metaGradients.readValuesToList().size());
    LearnerParams v2 = agent.metaParams.readValue();
    assertEquals(2, v2.getVersion());
    agent.step(JobTopologyTest.report("a", 1, 1.9).setMode(LearnerMode.LEARN).build());
    assertEquals(2, agent.lr.readValuesToList().get(2).getLearnerVersion());
  }

  /** The one-step objective on a learner that reads the progress: the ablation of docs/fleet.md. */
  @Test
  void aOneStepLearnerThatReadsTheProgressLearnsFromValidationReports() {
    start(MetaTrainerSettings.DEFAULTS.withUpdateBatch(2));
    agent.publish(LearnerFactory.grown(LearnerFactory.paper(0L), 0, "aware", true, 6, MetaObjective.ONE_STEP, null,
        0L));
    for (String job : List.of("a", "b")) {
      agent.step(JobTopologyTest.report(job, 0, 2.0).setLearner("aware").setTotalSteps(100)
          .setMode(LearnerMode.LEARN).build());
      agent.step(JobTopologyTest.report(job, 30, 1.8).setLearner("aware").setTotalSteps(100)
          .setMode(LearnerMode.LEARN).setValidate(true).build());
      agent.validate(ValidationReport.newBuilder().setJob(job).setStep(30).setValLoss(1).setHypergradient(0.2)
          .build());
    }
    assertTrue(agent.rejected.isEmpty());
    List<MetaGradient> gradients = agent.metaGradients.readValuesToList();
    assertEquals(2, gradients.size());
    CellShape aware = CellShape.REFERENCE.scheduleAware(6);
    double[] g = WeightArrays.toArray(gradients.get(0).getGradient());
    assertEquals(aware.parameterCount(), g.length);
    // t/T = 0.3 lies between the knots at 0.2 and 0.4: both get a gradient, the others none.
    assertTrue(g[aware.knot0() + 1] != 0 && g[aware.knot0() + 2] != 0);
    assertEquals(0.0, g[aware.knot0() + 3]);
    LearnerParams v2 = agent.metaParams.readValue();
    assertEquals("aware", v2.getName());
    assertEquals(2, v2.getVersion());
  }
}
