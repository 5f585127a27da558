package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.topology.AgentTopics;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.LrReply;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LearnerStage;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.Rejected;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.ValidationReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 over a real broker: what an adversarial producer can write on the agent's topics does not take the agent
 * down, and good jobs keep getting every LR. A ~1 MB record on {@code steps} (it used to kill the agent with a dead
 * letter too large for {@code rejected}), then a fuzz run of more than 10,000 records of every kind of bad input
 * while three good jobs are served.
 */
class HostileInputOverBrokerTest {
  /** The one-step learner these tests feed (the shipped `default` is trained by FLEET_ES). */
  private static final String PAPER = LearnerFactory.MLRSNET_PAPER;
  private static final String PREFIX = "it-hostile.";
  private static final TopicNames TOPICS = TopicNames.withPrefix(PREFIX);
  private static KafkaTestBed kafka;
  private static MlrsAgent agent;
  private static KafkaProducer<String, byte[]> raw;

  @BeforeAll
  static void start() {
    kafka = new KafkaTestBed();
    agent = kafka.startAgent(kafka.agentSettings(PREFIX, KafkaTestBed.tempDir("agent-state")));
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker.bootstrapServers());
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 << 20));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    raw = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stop() {
    if (raw != null) {
      raw.close(Duration.ofSeconds(10));
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static StepReport.Builder step(String job, long step) {
    return StepReport.newBuilder().setJob(job).setStep(step).setLoss(2.3).setLearner(PAPER)
        .setMode(LearnerMode.FROZEN).setNumClasses(10).setReferenceLoss(2.3).setLrMin(0).setLrMax(10);
  }

  /**
   * A good job's options. Its steps share partitions with the hostile records, so a step may wait behind a backlog
   * of them: the reply timeout is generous (60 s), and a step that still falls back is a gap.
   */
  private static JobOptions good(String id) {
    return JobOptions.builder(id).learner(PAPER).mode(LearnerMode.FROZEN).numClasses(10).referenceLoss(2.3)
        .initialFallbackLr(0.05).replyTimeout(Duration.ofSeconds(60)).firstReplyTimeout(Duration.ofSeconds(60))
        .build();
  }

  /** Runs a good job for {@code steps} steps; returns the number of steps that got the fallback instead of an LR. */
  private static long runGoodJob(String id, int steps) {
    long fallbacks = 0;
    try (LrClient client = LrClient.attach(kafka.clientSettings(PREFIX), good(id))) {
      for (int s = 0; s < steps; s++) {
        LrReply reply = client.report(s, 2.3 - s * 1e-3);
        if (reply.fallback()) {
          fallbacks++;
          System.out.println("good job " + id + " step " + s + ": fallback, " + reply.reason());
        }
      }
    }
    return fallbacks;
  }

  private static List<Rejected> rejectedUntil(Predicate<List<Rejected>> done) {
    long deadline = System.currentTimeMillis() + 120_000;
    List<Rejected> out;
    do {
      out = kafka.readAll(TOPICS.rejected(), new ByteArrayDeserializer()).stream()
          .map(r -> MlrsSerdes.REJECTED.decode(r.value())).toList();
      if (done.test(out)) {
        return out;
      }
      sleep(500);
    } while (System.currentTimeMillis() < deadline);
    return out;
  }

  private static boolean isOversizedDeadLetter(Rejected r) {
    return r.getReason().contains("record key is 500000 characters long") && r.getReason().contains("sha256");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aOneMegabyteRecordOnStepsLeavesTheAgentRunningAndServing() throws Exception {
    String key = "k".repeat(500_000);
    byte[] value = MlrsSerdes.STEP_REPORT.encode(step("x", 0).setLearner("v".repeat(530_000)).build());
    raw.send(new ProducerRecord<>(TOPICS.steps(), key, value)).get(30, TimeUnit.SECONDS);
    assertEquals(0, runGoodJob("after-oversized", 20), "every step of a good job is served");
    assertEquals(KafkaStreams.State.RUNNING, agent.state());
    List<Rejected> dead =
        rejectedUntil(all -> all.stream().anyMatch(HostileInputOverBrokerTest::isOversizedDeadLetter));
    assertTrue(dead.stream().anyMatch(HostileInputOverBrokerTest::isOversizedDeadLetter),
        "the dead letter of the oversized record is on rejected");
  }

  /** One bad record of category {@code i % 12}; returns true when the agent must dead-letter it. */
  private static boolean sendFuzz(int i, Random random) {
    String topicSteps = TOPICS.steps();
    String job = "fuzz-" + (i % 500);
    byte[] garbage = new byte[1 + random.nextInt(200)];
    random.nextBytes(garbage);
    switch (i % 12) {
      case 0 -> raw.send(new ProducerRecord<>(topicSteps, job, garbage));
      case 1 -> raw.send(new ProducerRecord<>(TOPICS.validation(), job, garbage));
      case 2 -> raw.send(new ProducerRecord<>(TOPICS.runResults(), job, garbage));
      case 3 -> raw.send(new ProducerRecord<>(new String[] {topicSteps, TOPICS.validation(), TOPICS.runResults(),
          TOPICS.metaGradients(), AgentTopics.esFitness(TOPICS)}[random.nextInt(5)], job, null));
      case 4 -> raw.send(new ProducerRecord<>(topicSteps, job, MlrsSerdes.STEP_REPORT.encode(absurd(job, random))));
      case 5 -> {
        String id = "long-" + "x".repeat(300 + random.nextInt(10_000));
        raw.send(new ProducerRecord<>(topicSteps, id, MlrsSerdes.STEP_REPORT.encode(step(id, 0).build())));
      }
      case 6 -> raw.send(new ProducerRecord<>(TOPICS.validation(), job, MlrsSerdes.VALIDATION_REPORT.encode(
          ValidationReport.newBuilder().setJob(job).setStep(random.nextInt(1000)).setValLoss(1)
              .setHypergradient(random.nextBoolean() ? 1e30 : -1e30).build())));
      case 7 -> raw.send(new ProducerRecord<>(TOPICS.metaGradients(), PAPER, MlrsSerdes.META_GRADIENT.encode(
          sybil("sybil-" + i, random.nextBoolean() ? 1e30 : -1e30, 1))));
      case 8 -> raw.send(new ProducerRecord<>(TOPICS.metaGradients(), PAPER, MlrsSerdes.META_GRADIENT.encode(
          sybil("future-" + i, 1.0, 4_600_000_000_000_000_000L))));
      case 9 -> raw.send(new ProducerRecord<>(TOPICS.runResults(), job, MlrsSerdes.RUN_RESULT.encode(
          RunResult.newBuilder().setJob(job).setLastStep(10).setValidationLoss(Double.NaN)
              .setValidationAccuracy(null).setDiverged(false).build())));
      case 10 -> raw.send(new ProducerRecord<>(AgentTopics.esFitness(TOPICS), PAPER, garbage));
      default -> {
        if (i % 600 == 11) {
          raw.send(new ProducerRecord<>(topicSteps, "big-" + i, new byte[600_000]));
        } else {
          raw.send(new ProducerRecord<>(TOPICS.metaGradients(), "x".repeat(1000), garbage));
        }
      }
    }
    // Tombstones on meta-gradients / es-fitness and Sybil gradients at version 1 are not dead letters.
    return i % 12 != 3 && i % 12 != 7;
  }

  private static StepReport absurd(String job, Random random) {
    StepReport.Builder r = step(job, 0);
    switch (random.nextInt(6)) {
      case 0 -> r.setGamma(1e30);
      case 1 -> r.setLrMax(1e308);
      case 2 -> r.setStep(Long.MAX_VALUE);
      case 3 -> r.setLoss(-1.0);
      case 4 -> r.setLoss(1e308);
      default -> r.setReferenceLoss(1e30);
    }
    return r.build();
  }

  private static MetaGradient sybil(String job, double value, long version) {
    double[] g = new double[CellShape.REFERENCE.parameterCount()];
    Arrays.fill(g, value);
    return MetaGradient.newBuilder().setLearner(PAPER).setLearnerVersion(version).setStage(0).setJob(job)
        .setStep(1).setHypergradient(value).setValLoss(1).setGradient(WeightArrays.toList(g)).build();
  }

  /** The shipped default with one weight replaced, as a hostile writer of meta-params would publish it. */
  private static LearnerParams poisoned(long version, double weight) {
    LearnerParams shipped = LearnerFactory.paper(0L);
    double[] w = WeightArrays.toArray(shipped.getStages().get(0).getWeights());
    w[3] = weight;
    return LearnerParams.newBuilder(shipped).setVersion(version).setStages(List.of(LearnerStage.newBuilder(
        shipped.getStages().get(0)).setWeights(WeightArrays.toList(w)).build())).build();
  }

  @Test
  void tenThousandHostileRecordsWhileGoodJobsAreServedWithoutAGap() throws Exception {
    int records = 10_200;
    CompletableFuture<List<Long>> goodJobs = CompletableFuture.supplyAsync(() -> {
      List<CompletableFuture<Long>> jobs = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        String id = "good-" + j;
        jobs.add(CompletableFuture.supplyAsync(() -> runGoodJob(id, 150)));
      }
      return jobs.stream().map(CompletableFuture::join).toList();
    });
    Random random = new Random(10);
    int deadLetters = 0;
    long started = System.nanoTime();
    for (int i = 0; i < records; i++) {
      if (sendFuzz(i, random)) {
        deadLetters++;
      }
      if (i % 2000 == 0) {
        raw.send(new ProducerRecord<>(TOPICS.metaParams(), PAPER, null));   // tombstone
        raw.send(new ProducerRecord<>(TOPICS.metaParams(), PAPER, MlrsSerdes.LEARNER_PARAMS.encode(
            poisoned(1_000 + i, Double.NaN))));
        raw.send(new ProducerRecord<>(TOPICS.metaParams(), PAPER, MlrsSerdes.LEARNER_PARAMS.encode(
            poisoned(1_000 + i, 1e30))));
        raw.flush();
      }
    }
    raw.flush();
    System.out.printf("sent %d hostile records in %.1f s (%d to be dead-lettered)%n", records,
        (System.nanoTime() - started) / 1e9, deadLetters);
    List<Long> fallbacks = goodJobs.get(5, TimeUnit.MINUTES);
    assertEquals(List.of(0L, 0L, 0L), fallbacks, "fallback steps per good job");
    int expected = deadLetters;
    List<Rejected> dead = rejectedUntil(all -> all.size() >= expected);
    System.out.printf("rejected holds %d dead letters after %.1f s%n", dead.size(),
        (System.nanoTime() - started) / 1e9);
    assertTrue(dead.size() >= deadLetters, "every bad record is on rejected: " + dead.size() + " < " + deadLetters);
    assertTrue(dead.stream().allMatch(r -> !r.getReason().isBlank()), "every dead letter says why");
    assertEquals(KafkaStreams.State.RUNNING, agent.state());
    assertTrue(agent.failure().getNow(0) == 0, "the agent did not fail");
    List<ConsumerRecord<String, byte[]>> params = kafka.readAll(TOPICS.metaParams(), new ByteArrayDeserializer());
    assertTrue(params.stream().noneMatch(r -> r.value() != null && r.key().equals(PAPER)
        && MlrsSerdes.LEARNER_PARAMS.decode(r.value()).getOrigin().startsWith("meta-update")),
        "the Sybil gradients did not move the learner");
    assertEquals(0, runGoodJob("after-fuzz", 10));
  }
}
