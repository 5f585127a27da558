package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.experiments.report.CsvCodec;
import dev.mlrs.experiments.replay.ReplayCsv;
import dev.mlrs.experiments.replay.WhatIfCsv;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.serde.MlrsSerdes;
import dev.mlrs.sim.job.JobResult;
import dev.mlrs.sim.job.JobSpec;
import dev.mlrs.sim.job.StepRecord;
import dev.mlrs.sim.job.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * mlrs replay against a real broker: two served DL4J jobs and a hand-written one (a rejected step, a run result)
 * are read back into CSV rows that equal what the jobs saw, with charts, and a what-if run with the learner
 * version that served them gives back the LRs they were served.
 */
class ReplayCommandTest {
  private static final String PREFIX = "it-replay.";
  private static final TopicNames TOPICS = KafkaTestBed.topics(PREFIX);
  private static final String RAW = "it-replay-raw";
  private static KafkaTestBed kafka;
  private static final Map<String, JobResult> SERVED = new HashMap<>();

  @BeforeAll
  static void runJobs() throws Exception {
    kafka = KafkaTestBed.withAgent(PREFIX);
    for (String id : List.of("it-replay-a", "it-replay-b")) {
      JobSpec spec = new JobSpec(id, "digits", "mlp", "sgd", 0, 32, 30, 0, JobSpec.AUTO_VALIDATION,
          id.endsWith("a") ? 1 : 2, "default", LearnerMode.FROZEN, 50, 0, 1, 0.05);
      SERVED.put(id, TrainingJob.run(spec, kafka.clientSettings(PREFIX), step -> { }));
    }
    try (KafkaProducer<String, byte[]> producer = producer()) {
      send(producer, TOPICS.steps(), RAW, MlrsSerdes.STEP_REPORT.encode(report(RAW, 0, 2.0)));
      send(producer, TOPICS.steps(), RAW, MlrsSerdes.STEP_REPORT.encode(report(RAW, 1, Double.NaN)));
      send(producer, TOPICS.steps(), "unrelated-1", MlrsSerdes.STEP_REPORT.encode(report("unrelated-1", 0, 2.0)));
      send(producer, TOPICS.runResults(), RAW, MlrsSerdes.RUN_RESULT.encode(RunResult.newBuilder().setJob(RAW)
          .setLastStep(1).setValidationLoss(1.25).setValidationAccuracy(0.5).setDiverged(false).build()));
    }
    awaitDecisions(RAW, 2);
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theTablesHoldWhatTheJobsSawAndTheWhatIfOfTheServingVersionGivesTheSameLrs() throws IOException {
    Path out = KafkaTestBed.tempDir("replay-out");
    CliCapture run = CliCapture.run("replay", "--bootstrap-servers", kafka.broker.bootstrapServers(),
        "--topic-prefix", PREFIX, "--jobs", "it-replay-.*", "--out", out.toString(), "--what-if", "default@1");
    assertEquals(0, run.status(), run.toString());
    assertTrue(run.out().contains("Replayed 3 job(s), 62 step(s)"), run.toString());

    List<Map<String, String>> steps = table(out.resolve("steps.csv"), ReplayCsv.STEP_COLUMNS);
    assertEquals(Set.of("it-replay-a", "it-replay-b", RAW), new TreeSet<>(steps.stream().map(r -> r.get("job"))
        .toList()), "the pattern selects these jobs only");
    for (Map.Entry<String, JobResult> job : SERVED.entrySet()) {
      List<Map<String, String>> rows = steps.stream().filter(r -> r.get("job").equals(job.getKey())).toList();
      List<StepRecord> seen = job.getValue().steps();
      assertEquals(seen.size(), rows.size(), job.getKey());
      for (int i = 0; i < seen.size(); i++) {
        StepRecord s = seen.get(i);
        Map<String, String> r = rows.get(i);
        assertEquals(s.step(), Long.parseLong(r.get("step")));
        assertEquals(s.loss(), Double.parseDouble(r.get("loss")), 0.0, job.getKey() + " step " + s.step());
        assertFalse(s.fallback());
        assertEquals(s.lr(), Double.parseDouble(r.get("lr")), 0.0, job.getKey() + " step " + s.step());
        assertEquals(s.learnerVersion(), Long.parseLong(r.get("learner_version")));
        assertEquals("OK", r.get("status"));
        assertEquals("default", r.get("learner"));
        assertEquals("30", r.get("total_steps"));
      }
    }
    List<Map<String, String>> raw = steps.stream().filter(r -> r.get("job").equals(RAW)).toList();
    assertEquals(2, raw.size());
    assertEquals("OK", raw.get(0).get("status"));
    assertEquals("REJECTED", raw.get(1).get("status"));
    assertEquals("", raw.get(1).get("lr"));
    assertFalse(raw.get(1).get("reason").isBlank());

    List<Map<String, String>> runs = table(out.resolve("runs.csv"), ReplayCsv.RUN_COLUMNS);
    assertTrue(runs.stream().anyMatch(r -> r.get("job").equals(RAW) && r.get("validation_loss").equals("1.25")
        && r.get("validation_accuracy").equals("0.5")), runs.toString());
    List<Map<String, String>> rejected = table(out.resolve("rejected.csv"), ReplayCsv.REJECTED_COLUMNS);
    assertTrue(rejected.stream().anyMatch(r -> r.get("job").equals(RAW) && r.get("source_topic")
        .equals(TOPICS.steps())), rejected.toString());

    // What-if with the version that served the jobs: the same LRs (the agent keeps the state in float32).
    List<Map<String, String>> whatIf = table(out.resolve("whatif.csv"), WhatIfCsv.COLUMNS);
    int compared = 0;
    for (Map<String, String> r : whatIf) {
      if (SERVED.containsKey(r.get("job"))) {
        assertEquals(Double.parseDouble(r.get("recorded_lr")), Double.parseDouble(r.get("whatif_lr")), 1e-6,
            r.toString());
        compared++;
      }
    }
    assertEquals(60, compared);
    for (String file : List.of("lr-it-replay-a.png", "loss-it-replay-b.png", "whatif-it-replay-a.png")) {
      Path png = out.resolve("plots").resolve(file);
      assertTrue(Files.size(png) > 5_000, file);
    }
  }

  @Test
  void aTimeRangeAfterTheRunsSelectsNothingAndAJobIdSelectsOneJob() throws IOException {
    Path late = KafkaTestBed.tempDir("replay-late");
    CliCapture none = CliCapture.run("replay", "--bootstrap-servers", kafka.broker.bootstrapServers(),
        "--topic-prefix", PREFIX, "--since", Instant.now().plusSeconds(60).toString(), "--out", late.toString());
    assertEquals(0, none.status(), none.toString());
    assertTrue(none.out().contains("Replayed 0 job(s)"), none.toString());

    Path one = KafkaTestBed.tempDir("replay-one");
    CliCapture cosine = CliCapture.run("replay", "--bootstrap-servers", kafka.broker.bootstrapServers(),
        "--topic-prefix", PREFIX, "--job", "it-replay-b", "--since", "PT1H", "--out", one.toString(),
        "--what-if", "cosine", "--engine", "java");
    assertEquals(0, cosine.status(), cosine.toString());
    List<Map<String, String>> rows = table(one.resolve("whatif.csv"), WhatIfCsv.COLUMNS);
    assertEquals(30, rows.size());
    assertTrue(rows.stream().allMatch(r -> r.get("job").equals("it-replay-b")));
    // cosine starts at the job's first served LR and falls from there
    assertEquals(Double.parseDouble(rows.get(0).get("recorded_lr")), Double.parseDouble(rows.get(0).get("whatif_lr")),
        0.0);
    assertTrue(Double.parseDouble(rows.get(29).get("whatif_lr")) < Double.parseDouble(rows.get(0).get("whatif_lr")));
  }

  private static List<Map<String, String>> table(Path file, List<String> columns) throws IOException {
    List<List<String>> records = CsvCodec.parse(Files.readString(file));
    assertEquals(columns, records.get(0), file.toString());
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> record : records.subList(1, records.size())) {
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        row.put(columns.get(i), i < record.size() ? record.get(i) : "");
      }
      rows.add(row);
    }
    return rows;
  }

  private static StepReport report(String job, long step, double loss) {
    return StepReport.newBuilder().setJob(job).setStep(step).setLoss(loss).setLearner("default")
        .setMode(LearnerMode.FROZEN).setNumClasses(10).setReferenceLoss(2.3).setLrMin(0).setLrMax(1)
        .setTotalSteps(2).build();
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get();
  }

  private static void awaitDecisions(String job, int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (kafka.readAll(TOPICS.lr(), MlrsSerdes.LR_DECISION).stream().filter(r -> r.key().equals(job))
        .map(r -> (LrDecision) r.value()).count() < count) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the agent did not answer " + job);
      }
      Thread.sleep(500);
    }
  }
}
