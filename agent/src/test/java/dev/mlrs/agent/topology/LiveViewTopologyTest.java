package dev.mlrs.agent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.live.HistoryPoint;
import dev.mlrs.agent.live.JobHistory;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.metrics.AgentMetrics;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.MetaGradient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the live view and the metrics read from the topology: the job-history ring and the counters. */
class LiveViewTopologyTest {
  /** The one-step learner these tests feed (the shipped `default` is trained by FLEET_ES). */
  private static final String PAPER = LearnerFactory.MLRSNET_PAPER;
  private AgentMetrics metrics;
  private AgentDriver agent;

  @BeforeEach
  void start() {
    metrics = AgentMetrics.inMemory();
    // Established after 0: this test counts updates, not the Sybil rule (HostileInputTest covers that).
    agent = new AgentDriver(MetaTrainerSettings.DEFAULTS.withUpdateBatch(1).withEstablishedAfter(0), metrics);
    LearnerFactory.shipped(0L).forEach(agent::publish);
  }

  @AfterEach
  void stop() {
    agent.close();
    metrics.close();
  }

  private KeyValueStore<String, byte[]> history() {
    return agent.driver.getKeyValueStore(StoreNames.JOB_HISTORY);
  }

  @Test
  void historyKeepsEveryServedStepWithItsLossLrAndVersion() {
    for (int t = 0; t < 5; t++) {
      agent.step(JobTopologyTest.report("job-a", t, 2.0 - 0.1 * t).build());
    }
    agent.step(JobTopologyTest.report("job-b", 0, 1.0).build());
    List<LrDecision> served = agent.lr.readValuesToList();
    List<HistoryPoint> a = JobHistory.of(history(), "job-a");
    assertEquals(5, a.size());
    for (int t = 0; t < 5; t++) {
      assertEquals(t, a.get(t).step());
      assertEquals(2.0 - 0.1 * t, a.get(t).loss(), 1e-15);
      assertEquals(served.get(t).getLr(), a.get(t).lr(), 0.0);
      assertEquals(1, a.get(t).learnerVersion());
    }
    assertEquals(1, JobHistory.of(history(), "job-b").size(), "job-b's point is not mixed into job-a's");
  }

  @Test
  void historyIsARingOfTheLastStepsSoAJobNeverHoldsMoreThanItsCapacity() {
    int steps = JobHistory.CAPACITY + 57;
    for (int t = 0; t < steps; t++) {
      agent.step(JobTopologyTest.report("long-job", t, 1.0).build());
    }
    List<HistoryPoint> kept = JobHistory.of(history(), "long-job");
    assertEquals(JobHistory.CAPACITY, kept.size());
    assertEquals(57, kept.get(0).step(), "the oldest kept step");
    assertEquals(steps - 1, kept.get(kept.size() - 1).step(), "the newest step");
    int entries = 0;
    try (var it = history().all()) {
      while (it.hasNext()) {
        it.next();
        entries++;
      }
    }
    assertEquals(JobHistory.CAPACITY, entries, "the store itself holds no more than the ring");
  }

  @Test
  void aRejectedRepeatOfAStepDoesNotOverwriteTheServedStep() {
    agent.step(JobTopologyTest.report("job-a", 0, 2.0).build());
    agent.step(JobTopologyTest.report("job-a", 0, 9.0).build());   // step 0 again, another report: rejected
    List<HistoryPoint> kept = JobHistory.of(history(), "job-a");
    assertEquals(1, kept.size());
    assertEquals(2.0, kept.get(0).loss(), 0.0);
  }

  @Test
  void decisionsAreCountedByStatusAndDeadLettersByReason() {
    agent.step(JobTopologyTest.report("job-a", 0, 2.0).build());
    agent.step(JobTopologyTest.report("job-a", 1, 2.0).build());
    agent.step(JobTopologyTest.report("job-a", 1, 2.5).build());                  // step 1 again: rejected
    agent.step(JobTopologyTest.report("job-c", 0, 2.0).setLearner("nope").build()); // unknown learner
    agent.steps.pipeInput("job-d", new byte[] {1, 2, 3});                          // does not decode
    MeterRegistry r = metrics.registry();
    assertEquals(2.0, r.get("mlrs.decisions").tag("status", "ok").counter().count());
    assertEquals(2.0, r.get("mlrs.decisions").tag("status", "rejected").counter().count());
    assertEquals(1.0, r.get("mlrs.rejected").tag("reason", "step_was_already_served").counter().count());
    assertEquals(1.0, r.get("mlrs.rejected").tag("reason", "unknown_learner").counter().count());
    double all = r.get("mlrs.rejected").counters().stream().mapToDouble(c -> c.count()).sum();
    assertEquals(3.0, all, "every dead letter is counted, the undecodable one too: " + r.get("mlrs.rejected")
        .counters().stream().map(c -> c.getId().getTag("reason")).toList());
    assertEquals(agent.rejected.readValuesToList().size(), (int) all, "the tap forwards every dead letter");
    assertEquals(2.0, metrics.activeJobs(), "job-a and job-c reported steps just now");
  }

  @Test
  void aOneStepMetaUpdateIsCountedAndStillPublished() {
    double[] g = new double[CellShape.REFERENCE.parameterCount()];
    Arrays.fill(g, 0.01);
    agent.gradient(MetaGradient.newBuilder().setLearner(PAPER).setLearnerVersion(1).setStage(0).setJob("j1")
        .setStep(1).setHypergradient(0.01).setValLoss(1).setGradient(WeightArrays.toList(g)).build());
    assertEquals(2, agent.metaParams.readValue().getVersion(), "the tap forwards the new version to meta-params");
    assertEquals(1.0, metrics.registry().get("mlrs.meta.updates").tag("objective", "one_step").counter().count());
    assertTrue(metrics.registry().find("mlrs.meta.updates").tag("objective", "fleet_es").counters().isEmpty());
  }
}
