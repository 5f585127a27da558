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
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.serde.AvroSerde;
import dev.mlrs.schemas.serde.MlrsSerdes;
import dev.mlrs.schemas.state.JobState;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
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
    assertTrue(read.getRecent().isEmpty() && read.getDecisions().isEmpty(),
        "a job served before the upgrade has no kept decisions yet");
  }

  @Test
  void aReDeliveredClampedStepGetsTheSameLrAndClampFlag() {
    // The ring keeps gamma and the cell's output, not the LR: the LR is clamped again with the re-delivered bounds.
    List<byte[]> sent = new ArrayList<>();
    List<LrDecision> first = new ArrayList<>();
    double[][] bounds = {{0.9, 1.0}, {0, 1e-6}, {0, 10}};
    for (int t = 0; t < bounds.length; t++) {
      sent.add(bytes(JobTopologyTest.report("job-c", t, loss(t)).setLrMin(bounds[t][0]).setLrMax(bounds[t][1])
          .build()));
      agent.steps.pipeInput("job-c", sent.get(t));
      first.add(agent.lr.readValue());
    }
    assertEquals(List.of(true, true, false), first.stream().map(LrDecision::getClamped).toList());
    assertEquals(List.of(0.9, 1e-6), List.of(first.get(0).getLr(), first.get(1).getLr()));
    for (int t = 0; t < bounds.length; t++) {
      agent.steps.pipeInput("job-c", sent.get(t));
      assertIdentical(first.get(t), agent.lr.readValue());
    }
  }

  @Test
  void reDeliveriesAcrossStageSwitchesGetTheStageAndGammaTheyGotFirst() {
    // reference-3stage switches at 1/3 and 2/3 of the run and recomputes gamma from that step's reference loss;
    // the ring then holds steps of two stages with two gammas.
    List<byte[]> sent = new ArrayList<>();
    List<LrDecision> first = new ArrayList<>();
    for (int t = 0; t < 12; t++) {
      sent.add(bytes(JobTopologyTest.report("job-s", t, loss(t)).setLearner(LearnerFactory.REFERENCE_THREE_STAGE)
          .setTotalSteps(12).setReferenceLoss(loss(t)).build()));
      agent.steps.pipeInput("job-s", sent.get(t));
      first.add(agent.lr.readValue());
      for (int s = Math.max(0, t - DecisionRing.SIZE + 1); s <= t; s++) {
        agent.steps.pipeInput("job-s", sent.get(s));
        assertIdentical(first.get(s), agent.lr.readValue());
      }
    }
    assertEquals(List.of(0, 1, 2), List.of(first.get(3).getStage(), first.get(4).getStage(), first.get(8).getStage()));
    assertTrue(first.get(7).getGamma() != first.get(8).getGamma(), "the switch recomputed gamma");
    assertTrue(agent.rejected.isEmpty());
  }

  @Test
  void aJobStateWrittenByVersion3IsServedIdentically() throws Exception {
    // Two jobs get the same steps; one of them has its state replaced by the version-3 record of that state, with
    // the ring as version 3 wrote it (every decision explicit), as an agent upgraded in place restores it.
    List<byte[]> sent = new ArrayList<>();
    List<LrDecision> first = new ArrayList<>();
    for (int t = 0; t < 5; t++) {
      StepReport.Builder r = JobTopologyTest.report("job-3", t, loss(t)).setMode(LearnerMode.LEARN)
          .setValidate(t == 4).setLrMin(t == 1 ? 0.9 : 0).setLrMax(t == 3 ? 1e-6 : 10);
      sent.add(bytes(r.build()));
      agent.steps.pipeInput("job-3", sent.get(t));
      first.add(agent.lr.readValue());
      agent.step(r.setJob("job-ref").build());
      agent.lr.readValue();
    }
    KeyValueStore<String, JobState> jobs = agent.driver.getKeyValueStore(StoreNames.JOB_STATE);
    JobState v4 = jobs.get("job-3");
    Schema v3 = historySchema("/avro-history/JobState-v3.avsc");
    GenericRecord old = new GenericData.Record(v3);
    for (String field : List.of("lastStep", "learner", "stage", "gamma", "lastLr", "h", "c")) {
      old.put(field, v4.get(field));
    }
    Schema pendingSchema = v3.getField("pending").schema().getTypes().get(1);
    GenericRecord pending = new GenericData.Record(pendingSchema);
    pendingSchema.getFields().forEach(f -> pending.put(f.name(), v4.getPending().get(f.name())));
    old.put("pending", pending);
    Schema entry = v3.getField("recent").schema().getElementType();
    List<GenericRecord> recent = new ArrayList<>();
    for (int t = 0; t < 5; t++) {
      LrDecision d = first.get(t);
      GenericRecord kept = new GenericData.Record(entry);
      kept.put("step", (long) t);
      kept.put("reportCrc", DecisionRing.fingerprint(sent.get(t)));
      kept.put("lr", d.getLr());
      kept.put("learnerVersion", d.getLearnerVersion());
      kept.put("stage", d.getStage());
      kept.put("gamma", d.getGamma());
      kept.put("output", d.getOutput());
      kept.put("clamped", d.getClamped());
      recent.add(kept);
    }
    old.put("recent", recent);
    ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v3).encode(old);
    byte[] oldBytes = new byte[encoded.remaining()];
    encoded.get(oldBytes);

    JobState read = AvroSerde.of(JobState.class).decode(oldBytes);
    assertEquals(5, read.getRecent().size());
    assertTrue(read.getDecisions().isEmpty());
    assertEquals(-1L, read.getLearnerVersion());
    jobs.put("job-3", read);
    for (int t = 0; t < 5; t++) {
      agent.steps.pipeInput("job-3", sent.get(t));
      assertIdentical(first.get(t), agent.lr.readValue());
    }
    // The next step continues the same LSTM state and moves the ring to the compact form; the old steps still
    // get their first decisions.
    agent.step(JobTopologyTest.report("job-3", 5, loss(5)).setMode(LearnerMode.LEARN).build());
    LrDecision next = agent.lr.readValue();
    agent.step(JobTopologyTest.report("job-ref", 5, loss(5)).setMode(LearnerMode.LEARN).build());
    assertEquals(agent.lr.readValue().getLr(), next.getLr());
    assertTrue(jobs.get("job-3").getRecent().isEmpty());
    assertEquals(6, jobs.get("job-3").getDecisions().size());
    for (int t = 0; t < 5; t++) {
      agent.steps.pipeInput("job-3", sent.get(t));
      assertIdentical(first.get(t), agent.lr.readValue());
    }
    assertTrue(agent.rejected.isEmpty());
  }

  @Test
  void aPendingStepWrittenByVersion4IsReadWithoutARunLength() throws Exception {
    for (int t = 0; t < 3; t++) {
      agent.step(JobTopologyTest.report("job-4", t, loss(t)).setMode(LearnerMode.LEARN).setValidate(true).build());
      agent.lr.readValue();
    }
    KeyValueStore<String, JobState> jobs = agent.driver.getKeyValueStore(StoreNames.JOB_STATE);
    JobState current = jobs.get("job-4");
    // The same state as version 4 wrote it: current bytes resolved to the v4 schema (which drops totalSteps).
    Schema v4 = historySchema("/avro-history/JobState-v4.avsc");
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(raw, null);
    new SpecificDatumWriter<>(JobState.class).write(current, encoder);
    encoder.flush();
    GenericRecord old = new GenericDatumReader<GenericRecord>(JobState.getClassSchema(), v4)
        .read(null, DecoderFactory.get().binaryDecoder(raw.toByteArray(), null));
    ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v4).encode(old);
    byte[] oldBytes = new byte[encoded.remaining()];
    encoded.get(oldBytes);

    JobState read = AvroSerde.of(JobState.class).decode(oldBytes);
    assertEquals(0L, read.getPending().getTotalSteps());
    assertEquals(current, read, "a paper learner's pending step has no run length in either version");
  }

  private static Schema historySchema(String resource) throws Exception {
    try (InputStream in = IdempotentServingTest.class.getResourceAsStream(resource)) {
      return new Schema.Parser().parse(in);
    }
  }

  /** The same reply: Avro's field-by-field equality, and the LR's bits spelled out. */
  private static void assertIdentical(LrDecision expected, LrDecision actual) {
    assertEquals(expected, actual);
    assertEquals(Double.doubleToRawLongBits(expected.getLr()), Double.doubleToRawLongBits(actual.getLr()));
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
    assertEquals(DecisionRing.SIZE, frozen.getDecisions().size());
    assertEquals(DecisionRing.SIZE, learning.getDecisions().size());
    assertEquals(49L, learning.getPending().getStep());
    int frozenBytes = serde.encode(frozen).length;
    int learningBytes = serde.encode(learning).length;
    int withoutRing = serde.encode(JobState.newBuilder(frozen).setDecisions(List.of()).build()).length;
    System.out.printf("job state with a ring of %d decisions: default learner (FROZEN) %d bytes (%d without the ring),"
        + " mlrsnet-paper LEARN with a pending step %d bytes%n", DecisionRing.SIZE, frozenBytes, withoutRing,
        learningBytes);
    assertTrue(frozenBytes <= 1024, "default learner: " + frozenBytes + " bytes");
    assertTrue(learningBytes <= 1024, "LEARN with a pending step: " + learningBytes + " bytes");
  }

  /**
   * The largest state of a LEARN job a real run reaches: a full ring, a pending step with the LSTM state before it,
   * a step number of a million-step run, a learner version in the hundred thousands that moves while the ring is
   * kept (online meta-updates), and a one-step learner with a 32-character name. (A job enrolled in fleet
   * meta-training never has a pending step: it is served perturbed weights; its state is checked below.)
   */
  @Test
  void theLargestLearnJobStateStaysUnderOneKibibyte() {
    KeyValueStore<String, JobState> jobs = agent.driver.getKeyValueStore(StoreNames.JOB_STATE);
    String name = "mlrsnet-paper-cifar100-resnet-18";
    assertEquals(32, name.length());
    long start = 1_000_000;
    for (int t = 0; t < 2 * DecisionRing.SIZE; t++) {
      agent.publish(LearnerParams.newBuilder(LearnerFactory.paper(0L)).setName(name).setVersion(100_000 + t).build());
      agent.step(JobTopologyTest.report("job-w", start + t, loss(t)).setLearner(name).setMode(LearnerMode.LEARN)
          .setValidate(true).setLrMin(1e-4).setLrMax(1.0).build());
      assertEquals(100_000L + t, agent.lr.readValue().getLearnerVersion());
    }
    JobState worst = jobs.get("job-w");
    assertEquals(DecisionRing.SIZE, worst.getDecisions().size());
    assertEquals(start + 2 * DecisionRing.SIZE - 1, worst.getPending().getStep());
    int worstBytes = AvroSerde.of(JobState.class).encode(worst).length;

    for (int t = 0; t < 2 * DecisionRing.SIZE; t++) {
      agent.step(JobTopologyTest.report("job-e", start + t, loss(t)).setLearner(LearnerFactory.DEFAULT)
          .setMode(LearnerMode.LEARN).setTotalSteps(2_000_000).setEs(FleetTopologyTest.es(
              "cifar100-resnet18-batch128-steps2000000", 1_234_567_890_123L, EsSide.MINUS)).build());
      assertEquals(DecisionStatus.OK, agent.lr.readValue().getStatus());
    }
    JobState enrolled = jobs.get("job-e");
    assertEquals(DecisionRing.SIZE, enrolled.getDecisions().size());
    assertNull(enrolled.getPending());
    int enrolledBytes = AvroSerde.of(JobState.class).encode(enrolled).length;
    System.out.printf("largest LEARN job state (ring of %d, pending step, 32-character learner name, step %d,"
        + " version %d): %d bytes; enrolled in fleet meta-training (ring of %d, no pending step): %d bytes%n",
        DecisionRing.SIZE, worst.getLastStep(), worst.getLearnerVersion(), worstBytes, DecisionRing.SIZE,
        enrolledBytes);
    assertTrue(worstBytes <= 1024, "largest LEARN state: " + worstBytes + " bytes");
    assertTrue(enrolledBytes <= 1024, "enrolled job: " + enrolledBytes + " bytes");
  }
}
