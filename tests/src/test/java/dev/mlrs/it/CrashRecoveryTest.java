package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.AdamOptimizer;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.LrScale;
import dev.mlrs.agent.topology.OfflineCell;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.LrReply;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent is SIGKILLed while a job is being served and meta-gradients are being pooled, then restarted on
 * the same state, once under each processing guarantee.
 *
 * <p>Exactly-once means: every step of the job has exactly one decision on {@code lr}, and the LRs still follow
 * the cell without a step applied twice; every meta-gradient is applied exactly once, so the final learner equals
 * an offline replay of Adam over the gradients in order.
 *
 * <p>At-least-once with idempotent serving (docs/adr/0010) means the same except that a step re-delivered after
 * the crash may be answered twice: every answer of a step is then identical (a client ignores the duplicate),
 * and the steps' first answers come in step order. No meta-gradient is applied twice: a version published twice
 * is the same version.
 */
class CrashRecoveryTest {
  private static final int GRADIENTS = 40;
  private static final int BATCH = 4;
  private static final int STEPS = 300;
  private static final int KILL_AFTER_DECISIONS = 60;
  private int decidedAtKill;
  private static KafkaTestBed kafka;

  @BeforeAll
  static void start() {
    kafka = new KafkaTestBed();
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  static double loss(int t) {
    return 2.3 * Math.exp(-t / 100.0) + 0.2;
  }

  static double[] gradient(int i) {
    Random random = new Random(i);
    double[] g = new double[CellShape.REFERENCE.parameterCount()];
    for (int k = 0; k < g.length; k++) {
      g[k] = random.nextGaussian() * 1e-3;
    }
    return g;
  }

  @Test
  void underExactlyOnceAKilledAgentNeitherLosesNorRepeatsStepsOrMetaGradients() throws Exception {
    killAndRestartWhileServing(true, Pace.FAST);
  }

  @Test
  void underAtLeastOnceAKilledAgentNeitherLosesNorChangesStepsNorDoubleAppliesMetaGradients() throws Exception {
    killAndRestartWhileServing(false, Pace.FAST);
  }

  /**
   * At-least-once with a 500 ms commit interval and a job that waits for each reply (about 10 steps a second): the
   * kill leaves the steps and meta-gradients of up to half a second processed but uncommitted, and the restarted
   * agent reads them again. They must get their first answers (the job state keeps 8) and not be pooled twice.
   */
  @Test
  void underAtLeastOnceStepsReadAgainAfterTheCrashGetTheirFirstAnswers() throws Exception {
    killAndRestartWhileServing(false, Pace.SLOW);
  }

  /** How the job steps and how often the agent commits. */
  private enum Pace {
    /** Every 15 ms, reply timeout 500 ms; the agent's default commit interval. */
    FAST(15, Duration.ofMillis(500), null),
    /** Every 100 ms, waiting up to 5 s for each reply; commits every 500 ms. */
    SLOW(100, Duration.ofSeconds(5), "500");

    final long sleepMillis;
    final Duration replyTimeout;
    final String commitIntervalMs;

    Pace(long sleepMillis, Duration replyTimeout, String commitIntervalMs) {
      this.sleepMillis = sleepMillis;
      this.replyTimeout = replyTimeout;
      this.commitIntervalMs = commitIntervalMs;
    }
  }

  private void killAndRestartWhileServing(boolean exactlyOnce, Pace pace) throws Exception {
    String prefix = (exactlyOnce ? "it-crash." : "it-crash-alos.") + pace.name().toLowerCase() + ".";
    TopicNames topics = KafkaTestBed.topics(prefix);
    Path dir = KafkaTestBed.tempDir("crash");
    Properties config = new Properties();
    config.setProperty("bootstrap.servers", kafka.broker.bootstrapServers());
    config.setProperty("mlrs.topic.prefix", prefix);
    config.setProperty("mlrs.exactly.once", Boolean.toString(exactlyOnce));
    if (pace.commitIntervalMs != null) {
      config.setProperty("mlrs.commit.interval.ms", pace.commitIntervalMs);
    }
    config.setProperty("mlrs.state.dir", dir.resolve("state").toString());
    config.setProperty("mlrs.meta.update.batch", Integer.toString(BATCH));
    config.setProperty("mlrs.meta.max.wait.ms", "3600000");
    config.setProperty("mlrs.meta.max.staleness", "1000");
    // Every gradient counts from the first (the Sybil rule has its own tests): the replay below applies them all.
    config.setProperty("mlrs.meta.established.after", "0");
    // A restarted member should not wait 45 s for the killed one's session to expire.
    config.setProperty("session.timeout.ms", "6000");
    config.setProperty("heartbeat.interval.ms", "1000");

    ChildAgent agent = ChildAgent.start(config, dir.resolve("agent.properties"));
    CompletableFuture<List<LrReply>> job = CompletableFuture.supplyAsync(() -> runFrozenJob(prefix, pace));

    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker.bootstrapServers());
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 << 20));
    try (KafkaProducer<String, MetaGradient> producer = new KafkaProducer<>(p, new StringSerializer(),
        MlrsSerdes.META_GRADIENT)) {
      for (int i = 0; i < GRADIENTS; i++) {
        MetaGradient g = MetaGradient.newBuilder().setLearner(LearnerFactory.MLRSNET_PAPER).setLearnerVersion(1)
            .setStage(0).setJob("crash-job").setStep(i).setHypergradient(1).setValLoss(1)
            .setGradient(WeightArrays.toList(gradient(i))).build();
        producer.send(new ProducerRecord<>(topics.metaGradients(), LearnerFactory.MLRSNET_PAPER, g)).get();
        if (i == GRADIENTS / 2) {
          // Kill while the job is being served (on a loaded machine the agent may need seconds to start serving):
          // that is when steps processed but not yet committed are read again.
          long serving = System.nanoTime() + Duration.ofSeconds(90).toNanos();
          while (frozenJobDecisions(topics).size() < KILL_AFTER_DECISIONS && System.nanoTime() < serving) {
            Thread.sleep(100);
          }
          decidedAtKill = frozenJobDecisions(topics).size();
          agent.kill();
          agent = ChildAgent.start(config, dir.resolve("agent.properties"));
        }
        Thread.sleep(50);
      }
    }
    List<LrReply> replies = job.get();
    // The job may finish before the restarted agent has caught up: steps sent while the client's circuit breaker
    // was open are on the topic but were not waited for. Wait for the agent to decide them all.
    List<LrDecision> decisions = frozenJobDecisions(topics);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (firstDecisions(decisions).size() < STEPS && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      decisions = frozenJobDecisions(topics);
    }
    // The meta-trainer may lag behind the steps on a loaded machine: wait for its last version too.
    while (publishedVersions(topics).stream().map(LearnerParams::getVersion).distinct().count() < 1 + GRADIENTS / BATCH
        && System.nanoTime() < deadline) {
      Thread.sleep(1000);
    }
    Thread.sleep(2000);
    agent.close();

    // Steps: one decision per step (under at-least-once: repeats identical to the first), and the LRs of the cell
    // over the reported losses.
    decisions = frozenJobDecisions(topics);
    if (exactlyOnce) {
      assertEquals(STEPS, decisions.size(), "exactly one decision per step");
    } else {
      for (LrDecision d : decisions) {
        assertEquals(firstDecisions(decisions).get(d.getStep()), d, "a repeated answer equals the first");
      }
    }
    List<LrDecision> first = List.copyOf(firstDecisions(decisions).values());
    assertEquals(STEPS, first.size(), "every step answered");
    Learner shipped = Learner.of(LearnerFactory.shipped(0L).get(1));
    OfflineCell offline = new OfflineCell(shipped.shape());
    double gamma = LrScale.gamma(2.3, 10);
    for (int t = 0; t < STEPS; t++) {
      LrDecision d = first.get(t);
      assertEquals(t, d.getStep(), "first answers in step order, none missing");
      double expected = gamma * offline.step(shipped.weights(0), loss(t));
      assertEquals(expected, d.getLr(), 1e-12, "step " + t);
    }
    long fallbacks = replies.stream().filter(LrReply::fallback).count();
    long repeated = decisions.size() - STEPS;
    long gradientsReadAgain = kafka.readAll(topics.rejected(), MlrsSerdes.REJECTED).stream()
        .filter(r -> r.value().getReason().contains("a re-delivery is not applied twice")).count();

    // Meta-gradients: versions 2..11 (each once, or repeated identically), 40 gradients applied, weights = offline
    // Adam replay.
    List<LearnerParams> published = publishedVersions(topics);
    Map<Long, LearnerParams> byVersion = new LinkedHashMap<>();
    for (LearnerParams version : published) {
      LearnerParams earlier = byVersion.putIfAbsent(version.getVersion(), version);
      if (earlier != null) {
        assertEquals(earlier.getStages(), version.getStages(), "version " + version.getVersion()
            + " published twice with other weights");
        assertEquals(earlier.getGradientsApplied(), version.getGradientsApplied());
      }
    }
    List<LearnerParams> versions = List.copyOf(byVersion.values());
    List<Long> numbers = (exactlyOnce ? published : versions).stream().map(LearnerParams::getVersion).toList();
    List<Long> expectedNumbers = new ArrayList<>();
    for (long v = 1; v <= 1 + GRADIENTS / BATCH; v++) {
      expectedNumbers.add(v);
    }
    assertEquals(expectedNumbers, numbers, "each update published exactly once");
    LearnerParams last = versions.get(versions.size() - 1);
    assertEquals(GRADIENTS, last.getGradientsApplied());

    double[] weights = WeightArrays.toArray(LearnerFactory.paper(0L).getStages().get(0).getWeights());
    double[] m = new double[weights.length];
    double[] v = new double[weights.length];
    for (int batch = 0; batch < GRADIENTS / BATCH; batch++) {
      double[] sum = new double[weights.length];
      for (int i = batch * BATCH; i < (batch + 1) * BATCH; i++) {
        double[] g = gradient(i);
        for (int k = 0; k < sum.length; k++) {
          sum[k] += g[k];
        }
      }
      for (int k = 0; k < sum.length; k++) {
        sum[k] /= BATCH;
      }
      AdamOptimizer.step(AdamOptimizer.Settings.REFERENCE, weights, sum, m, v, batch + 1);
    }
    assertArrayEquals(weights, WeightArrays.toArray(last.getStages().get(0).getWeights()), 1e-12,
        "the learner after the crash equals Adam applied once to every gradient");
    System.out.printf("%s (%s), killed with %d decisions on lr and restarted: %d steps answered, %d answers repeated"
        + " identically (%d served as fallback during the outage), versions %s (%d records), %d gradients applied"
        + " once each, %d read again and refused%n", exactlyOnce ? "exactly-once" : "at-least-once", pace,
        decidedAtKill, STEPS, repeated, fallbacks, numbers, published.size(), last.getGradientsApplied(),
        gradientsReadAgain);
  }

  private static List<LrDecision> frozenJobDecisions(TopicNames topics) {
    return kafka.readAll(topics.lr(), MlrsSerdes.LR_DECISION).stream()
        .map(r -> r.value()).filter(d -> d.getJob().equals("crash-frozen-job")).toList();
  }

  private static List<LearnerParams> publishedVersions(TopicNames topics) {
    return kafka.readAll(topics.metaParams(), MlrsSerdes.LEARNER_PARAMS).stream()
        .map(r -> r.value()).filter(v -> v.getName().equals(LearnerFactory.MLRSNET_PAPER)).toList();
  }

  /** The first decision of each step, in the order they are on the topic. */
  private static Map<Long, LrDecision> firstDecisions(List<LrDecision> decisions) {
    Map<Long, LrDecision> first = new LinkedHashMap<>();
    decisions.forEach(d -> first.putIfAbsent(d.getStep(), d));
    return first;
  }

  private static List<LrReply> runFrozenJob(String prefix, Pace pace) {
    JobOptions options = JobOptions.builder("crash-frozen-job").learner(LearnerFactory.REFERENCE_THREE_STAGE)
        .mode(LearnerMode.FROZEN).numClasses(10).referenceLoss(2.3).initialFallbackLr(0.1)
        .replyTimeout(pace.replyTimeout).build();
    List<LrReply> replies = new ArrayList<>();
    try (LrClient client = LrClient.attach(kafka.clientSettings(prefix), options)) {
      for (int t = 0; t < STEPS; t++) {
        replies.add(client.report(t, loss(t)));
        Thread.sleep(pace.sleepMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return replies;
  }
}
