package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.topology.AgentTopics;
import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.LrReply;
import dev.mlrs.schemas.EsFitness;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Fleet meta-training over a real broker, exactly once: generations of antithetic pairs of tiny noisy-quadratic
 * jobs attach through LrClient with an ES enrolment and end with a RunResult; the learner's versions grow one per
 * generation, every run result becomes one fitness record, and nothing lands in rejected. The agent is restarted on
 * its state between two generations: the ES trainer continues at the next version (Adam's moments and the
 * generation come back from its changelogged store) and no version is published twice.
 */
class FleetOverBrokerTest {
  private static final String PREFIX = "it-fleet.";
  private static final TopicNames TOPICS = KafkaTestBed.topics(PREFIX);
  private static final String LEARNER = "fleet-it";
  private static final int PAIRS = 2;
  private static final int GENERATIONS = 3;
  private static final int STEPS = 25;

  /** L(w) = 2 |w|^2 in 5 dimensions with noisy minibatch gradients; the seed fixes start and noise. */
  static double runJob(ClientSettings cluster, String jobId, long seed, EsSide side, List<LrReply> replies) {
    JobOptions options = JobOptions.builder(jobId).learner(LEARNER).mode(LearnerMode.LEARN).gamma(0.5)
        .numClasses(10_000).totalSteps(STEPS).validateEvery(1_000_000).initialFallbackLr(0.01)
        .es("nqm-5d", seed, side).build();
    Random random = new Random(seed);
    double[] w = new double[5];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextGaussian();
    }
    try (LrClient client = LrClient.attach(cluster, options)) {
      for (int t = 0; t < STEPS; t++) {
        double[] g = new double[w.length];
        double loss = 0;
        for (int i = 0; i < w.length; i++) {
          double noise = 0.3 * random.nextGaussian();
          g[i] = 4 * w[i] + noise;
          loss += 2 * w[i] * w[i] + noise * w[i];
        }
        // A minibatch loss is never negative (the agent rejects one); this noisy quadratic's can dip below 0.
        LrReply reply = client.report(t, Math.max(0, loss));
        replies.add(reply);
        for (int i = 0; i < w.length; i++) {
          w[i] -= reply.lr() * g[i];
        }
      }
      double clean = 0;
      for (double v : w) {
        clean += 2 * v * v;
      }
      client.reportRunResult(clean, null, false);
      return clean;
    }
  }

  /** The latest version of the learner the agent serves: a FROZEN probe step answers with it. */
  static long servedVersion(KafkaTestBed kafka, String probe) {
    JobOptions options = JobOptions.builder(probe).learner(LEARNER).gamma(0.5).initialFallbackLr(0.01).build();
    try (LrClient client = LrClient.attach(kafka.clientSettings(PREFIX), options)) {
      return client.report(0, 1.0).learnerVersion();
    }
  }

  static List<Long> publishedVersions(KafkaTestBed kafka) {
    return kafka.readAll(TOPICS.metaParams(), MlrsSerdes.LEARNER_PARAMS).stream().map(ConsumerRecord::value)
        .filter(p -> p.getName().equals(LEARNER)).map(LearnerParams::getVersion).toList();
  }

  @Test
  void generationsOfPairsMakeTheVersionsGrowAndEveryResultIsUsed() throws Exception {
    try (KafkaTestBed kafka = new KafkaTestBed()) {
      // Exactly-once, explicitly: this test checks that no version is ever published twice, which only the
      // transaction guarantees (at-least-once may republish an identical version; CrashRecoveryTest covers that).
      AgentSettings settings = kafka.agentSettings(PREFIX, KafkaTestBed.tempDir("fleet-agent-state"))
          .withExactlyOnce(true);
      kafka.startAgent(settings);
      LearnerParams base = LearnerFactory.fromScratch("base", new CellShape(8, 4), 3, 0.8, 0L);
      try (LearnerAdmin admin = new LearnerAdmin(kafka.connection(), TOPICS)) {
        admin.publishAsNextVersion(LearnerFactory.scheduleAware(base, LEARNER, 6, EsSettings.newBuilder()
            .setPairsPerGeneration(PAIRS).setSigma(0.1).setLearningRate(0.1).build(), 0L));
      }
      ExecutorService pool = Executors.newFixedThreadPool(2 * PAIRS);
      List<LrReply> replies = java.util.Collections.synchronizedList(new ArrayList<>());
      try {
        for (int g = 0; g < GENERATIONS; g++) {
          if (g == 2) {
            kafka.stopAgents();
            kafka.startAgent(settings);   // same application id and state directory
          }
          long expected = g + 1;
          long deadline = System.currentTimeMillis() + 60_000;
          int probes = 0;
          while (servedVersion(kafka, "probe-" + g + "-" + probes++) < expected) {
            assertTrue(System.currentTimeMillis() < deadline, "version " + expected + " never served");
            Thread.sleep(200);
          }
          List<Future<Double>> runs = new ArrayList<>();
          for (int p = 0; p < PAIRS; p++) {
            long seed = 100L * g + p;
            for (EsSide side : EsSide.values()) {
              String job = "g" + g + "-p" + p + "-" + side;
              runs.add(pool.submit(() -> runJob(kafka.clientSettings(PREFIX), job, seed, side, replies)));
            }
          }
          for (Future<Double> run : runs) {
            run.get();
          }
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (publishedVersions(kafka).stream().mapToLong(Long::longValue).max().orElse(0) < GENERATIONS + 1) {
          assertTrue(System.currentTimeMillis() < deadline, "the last generation never closed");
          Thread.sleep(200);
        }
      } finally {
        pool.shutdownNow();
      }
      assertTrue(replies.stream().noneMatch(LrReply::fallback), "every step served");

      List<Long> versions = publishedVersions(kafka);
      assertEquals(List.of(1L, 2L, 3L, 4L), versions, "one version per generation, each published once");
      LearnerParams last = kafka.readAll(TOPICS.metaParams(), MlrsSerdes.LEARNER_PARAMS).stream()
          .map(ConsumerRecord::value).filter(p -> p.getName().equals(LEARNER)).reduce((a, b) -> b).orElseThrow();
      assertEquals(GENERATIONS, last.getEs().getGeneration());
      assertEquals(2L * PAIRS * GENERATIONS, last.getEs().getRunsUsed());

      List<EsFitness> fitness = kafka.readAll(AgentTopics.esFitness(TOPICS), MlrsSerdes.ES_FITNESS).stream()
          .map(ConsumerRecord::value).toList();
      assertEquals(2 * PAIRS * GENERATIONS, fitness.size(), "one fitness record per run");
      for (EsFitness f : fitness) {
        long g = Long.parseLong(f.getJob().substring(1, f.getJob().indexOf('-')));
        assertEquals(g + 1, f.getGeneration(), "job " + f.getJob() + " ran in the generation it started in");
      }
      Set<String> history = kafka.readAll(TOPICS.learnerHistory(), MlrsSerdes.LEARNER_PARAMS).stream()
          .map(ConsumerRecord::key).collect(Collectors.toCollection(TreeSet::new));
      assertTrue(history.containsAll(Set.of(LEARNER + "@1", LEARNER + "@2", LEARNER + "@3", LEARNER + "@4")),
          history.toString());
      List<LrDecision> enrolled = kafka.readAll(TOPICS.lr(), MlrsSerdes.LR_DECISION).stream()
          .map(ConsumerRecord::value).filter(d -> d.getEsGeneration() != null).toList();
      assertEquals(2 * PAIRS * GENERATIONS * STEPS, enrolled.size());
      assertTrue(kafka.readAll(TOPICS.rejected(), MlrsSerdes.REJECTED).isEmpty(), "nothing rejected");
      System.out.printf("fleet over the broker: versions %s, runs used %d%n", versions, last.getEs().getRunsUsed());
    }
  }
}
