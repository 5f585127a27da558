package dev.mlrs.agent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.job.DecisionRing;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.ReleasedWeights;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.LrScale;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.serde.AvroSerde;
import dev.mlrs.schemas.serde.MlrsSerdes;
import dev.mlrs.schemas.state.JobState;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Serving is idempotent (docs/adr/0010): a step report delivered again, as at-least-once may do after a crash,
 * gets the decision it got the first time, and the job's LSTM state does not advance a second time.
 */
class IdempotentServingTest {
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

  private static double loss(int t) {
    return 2.3 * Math.exp(-t / 20.0) + 0.1;
  }

  private static byte[] bytes(StepReport report) {
    return MlrsSerdes.STEP_REPORT.encode(report);
  }

  @Test
  void aReDeliveredStepGetsTheSameDecisionAndNoSecondCellStep() {
    List<byte[]> sent = new ArrayList<>();
    List<LrDecision> first = new ArrayList<>();
    for (int t = 0; t < 5; t++) {
      sent.add(bytes(JobTopologyTest.report("job-a", t, loss(t)).build()));
      agent.steps.pipeInput("job-a", sent.get(t));
      first.add(agent.lr.readValue());
    }
    // Steps 2..4 again, byte for byte, as after a crash before the offsets were committed.
    for (int t = 2; t < 5; t++) {
      agent.steps.pipeInput("job-a", sent.get(t));
      assertEquals(first.get(t), agent.lr.readValue(), "step " + t + " gets its first decision again");
    }
    assertTrue(agent.rejected.isEmpty(), "a re-delivery is not a dead letter");
    agent.step(JobTopologyTest.report("job-a", 5, loss(5)).build());
    LrDecision next = agent.lr.readValue();

    OfflineCell offline = new OfflineCell(CellShape.REFERENCE);
    double[] w = RELEASED.snapshot("epoch_1");
    double expected = 0;
    for (int t = 0; t <= 5; t++) {
      expected = LrScale.gamma(2.3, 10) * offline.step(w, loss(t));
    }
    assertEquals(expected, next.getLr(), 1e-12, "step 5 follows steps 0..4 once each: no cell step was repeated");
  }

  @Test
  void aReDeliveredStepKeepsTheLearnerVersionThatServedItAfterTheLearnerMoved() {
    byte[] step0 = bytes(JobTopologyTest.report("job-l", 0, 2.3).setMode(LearnerMode.LEARN).build());
    agent.steps.pipeInput("job-l", step0);
    LrDecision served = agent.lr.readValue();
    LearnerParams v2 = LearnerParams.newBuilder(LearnerFactory.paper(0L)).setVersion(2)
        .setStages(List.of(LearnerFactory.stage(0, RELEASED.snapshot("epoch_200")))).build();
    agent.publish(v2);

    agent.steps.pipeInput("job-l", step0);
    LrDecision again = agent.lr.readValue();
    assertEquals(1, again.getLearnerVersion());
    assertEquals(served, again, "the re-delivery is not recomputed with version 2");
  }

  @Test
  void anotherReportForAServedStepIsRejectedWithItsReason() {
    agent.step(JobTopologyTest.report("job-a", 0, 2.3).build());
    agent.lr.readValue();
    agent.step(JobTopologyTest.report("job-a", 0, 1.7).build());   // same step, different loss: not a re-delivery
    LrDecision d = agent.lr.readValue();
    assertEquals(DecisionStatus.REJECTED, d.getStatus());
    assertNull(d.getLr());
    assertTrue(d.getReason().contains("already served") && d.getReason().contains("different report"),
        d.getReason());
    assertTrue(agent.rejected.readValue().getReason().contains("different report"));
  }

  @Test
  void aReDeliveredStepOlderThanTheRingIsRejectedWithItsReason() {
    List<byte[]> sent = new ArrayList<>();
    for (int t = 0; t <= DecisionRing.SIZE + 2; t++) {
      sent.add(bytes(JobTopologyTest.report("job-a", t, loss(t)).build()));
      agent.steps.pipeInput("job-a", sent.get(t));
      agent.lr.readValue();
    }
    agent.steps.pipeInput("job-a", sent.get(2));
    LrDecision d = agent.lr.readValue();
    assertEquals(DecisionStatus.REJECTED, d.getStatus());
    assertTrue(d.getReason().contains("not among its last " + DecisionRing.SIZE + " decisions"), d.getReason());
    // The oldest step still in the ring is answered.
    int oldestKept = DecisionRing.SIZE + 2 - (DecisionRing.SIZE - 1);
    agent.steps.pipeInput("job-a", sent.get(oldestKept));
    assertEquals(DecisionStatus.OK, agent.lr.readValue().getStatus());
  }

  @Test
  void aJobStateWrittenBeforeTheRingIsReadWithAnEmptyRing() throws Exception {
    Schema v2;
    try (InputStream in = getClass().getResourceAsStream("/avro-history/JobState-v2.avsc")) {
      v2 = new Schema.Parser().parse(in);
    }
    GenericRecord old = new GenericData.Record(v2);
    old.put("lastStep", 41L);
    old.put("learner", LearnerFactory.MLRSNET_PAPER);
    old.put("stage", 0);
    old.put("gamma", 0.5);
    old.put("lastLr", 0.1);
    old.put("h", List.of(0.25f));
    old.put("c", List.of(-0.5f));
    ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(old);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);

    JobState read = AvroSerde.of(JobState.class).decode(bytes);
    assertEquals(41L, read.getLastStep());
    assertEquals(List.of(0.25f), read.getH());
    assertTrue(read.getRecent().isEmpty(), "a job served before the upgrade has no kept decisions yet");
  }

  @Test
  void aJobStateWithItsRingStaysUnderOneKibibyte() {
    KeyValueStore<String, JobState> jobs = agent.driver.getKeyValueStore(StoreNames.JOB_STATE);
    AvroSerde<JobState> serde = AvroSerde.of(JobState.class);
    for (int t = 0; t < 50; t++) {
      agent.step(JobTopologyTest.report("job-d", t, loss(t)).setLearner(LearnerFactory.DEFAULT).setTotalSteps(1000)
          .build());
      agent.step(JobTopologyTest.report("job-l", t, loss(t)).setMode(LearnerMode.LEARN).setValidate(true).build());
    }
    JobState frozen = jobs.get("job-d");
    JobState learning = jobs.get("job-l");
    assertEquals(DecisionRing.SIZE, frozen.getRecent().size());
    int frozenBytes = serde.encode(frozen).length;
    int learningBytes = serde.encode(learning).length;
    int withoutRing = serde.encode(JobState.newBuilder(frozen).setRecent(List.of()).build()).length;
    System.out.printf("job state with a ring of %d decisions: default learner (FROZEN) %d bytes (%d without the ring),"
        + " mlrsnet-paper LEARN with a pending step %d bytes%n", DecisionRing.SIZE, frozenBytes, withoutRing,
        learningBytes);
    assertTrue(frozenBytes <= 1024, "default learner: " + frozenBytes + " bytes");
  }
}
