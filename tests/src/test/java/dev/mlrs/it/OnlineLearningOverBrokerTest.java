package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.agent.app.TopicSetup;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.LrReply;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Online meta-learning over a real broker, exactly once: LEARN jobs make the learner's versions grow, every
 * LrDecision names a version that was published on meta-params, and an agent restarted on the same state
 * continues from the last version instead of going back to the shipped weights.
 */
class OnlineLearningOverBrokerTest {
  private static final String PREFIX = "it-online.";
  private static final TopicNames TOPICS = KafkaTestBed.topics(PREFIX);
  private static KafkaTestBed kafka;
  private static AgentSettings settings;

  @BeforeAll
  static void start() {
    kafka = new KafkaTestBed();
    Path state = KafkaTestBed.tempDir("agent-state");
    // Exactly-once, explicitly: this test checks that no version is ever published twice, which only the
    // transaction guarantees (at-least-once may republish an identical version; CrashRecoveryTest covers that).
    AgentSettings defaults = kafka.agentSettings(PREFIX, state).withExactlyOnce(true);
    settings = defaults.withTrainer(defaults.trainer().withUpdateBatch(4).withMaxWait(Duration.ofMillis(500)));
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** A synthetic LEARN job: a decaying loss; its hypergradient says "lower the LR" whenever it is above 0.1. */
  static List<LrReply> runJob(ClientSettings cluster, String jobId, int steps) {
    JobOptions options = JobOptions.builder(jobId).learner(LearnerFactory.MLRSNET_PAPER).mode(LearnerMode.LEARN)
        .numClasses(10).referenceLoss(2.3).totalSteps(steps).validateEvery(2).initialFallbackLr(0.1).build();
    List<LrReply> replies = new ArrayList<>();
    try (LrClient client = LrClient.attach(cluster, options)) {
      for (int t = 0; t < steps; t++) {
        double loss = 2.3 * Math.exp(-t / 50.0) + 0.1;
        LrReply reply = client.report(t, loss);
        replies.add(reply);
        if (client.validationDue(t)) {
          client.reportValidation(t, loss, reply.lr() - 0.1);
        }
      }
    }
    return replies;
  }

  static List<LrReply> runJobs(String prefix, int jobs, int steps) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      List<Future<List<LrReply>>> futures = new ArrayList<>();
      for (int j = 0; j < jobs; j++) {
        String id = prefix + "-" + j;
        futures.add(pool.submit(() -> runJob(kafka.clientSettings(PREFIX), id, steps)));
      }
      List<LrReply> all = new ArrayList<>();
      for (Future<List<LrReply>> f : futures) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  static List<Long> publishedVersions() {
    return kafka.readAll(TOPICS.metaParams(), MlrsSerdes.LEARNER_PARAMS).stream()
        .map(r -> r.value()).filter(p -> p.getName().equals(LearnerFactory.MLRSNET_PAPER))
        .map(LearnerParams::getVersion).toList();
  }

  @Test
  void learnersAreCreatedForkedExportedAndImportedSideBySide() throws Exception {
    Path dir = KafkaTestBed.tempDir("learners");
    try (LearnerAdmin admin = new LearnerAdmin(kafka.connection(), KafkaTestBed.topics("it-learners."))) {
      TopicSetup.ensure(kafka.agentSettings("it-learners.", dir));
      admin.publishMissingShipped();
      LearnerParams scratch = admin.create("family-a", 3, 0.2);
      LearnerParams fork = admin.fork(LearnerAdmin.REFERENCE_THREE_STAGE, 2, "family-b");
      assertEquals(1, scratch.getVersion());
      assertEquals(1, fork.getVersion());
      assertEquals(admin.get(LearnerAdmin.REFERENCE_THREE_STAGE).getStages().get(2).getWeights(),
          fork.getStages().get(0).getWeights(), "a fork copies the stage it names");

      Path file = dir.resolve("family-a.json");
      assertEquals(scratch, admin.export("family-a", file));
      LearnerParams reimported = admin.importFile(file, null);
      assertEquals(2, reimported.getVersion(), "importing over a name makes its next version");
      assertEquals(scratch.getStages(), reimported.getStages());
      assertEquals(1, admin.importFile(file, "family-c").getVersion(), "an import under a new name is its version 1");
      assertEquals(Set.of("default", "mlrsnet-paper", "reference-3stage", "family-a", "family-b", "family-c"),
          admin.list().keySet());
      assertTrue(admin.publishMissingShipped().isEmpty(), "shipped learners are published once");
    }
  }

  @Test
  void versionsGrowEveryDecisionNamesAPublishedVersionAndARestartContinues() throws Exception {
    kafka.startAgent(settings);
    List<LrReply> before = runJobs("before", 3, 120);
    assertTrue(before.stream().noneMatch(LrReply::fallback), "every step served");
    Thread.sleep(1500);   // let the last partial pool be applied (max wait 500 ms)
    List<Long> versions = publishedVersions();
    long lastBefore = versions.get(versions.size() - 1);
    assertTrue(lastBefore >= 10, "the learner's versions must grow: " + versions);
    for (int i = 1; i < versions.size(); i++) {
      assertEquals(versions.get(i - 1) + 1, versions.get(i), "versions grow one at a time: " + versions);
    }
    double firstLr = before.get(0).lr();
    double lastLr = before.get(before.size() - 1).lr();
    assertTrue(lastLr < firstLr, "the hypergradients say 'lower': LR " + firstLr + " -> " + lastLr);

    kafka.stopAgents();
    kafka.startAgent(settings);   // same application id and state directory
    List<LrReply> after = runJobs("after", 2, 40);
    assertTrue(after.stream().noneMatch(LrReply::fallback), "every step served after the restart");
    assertTrue(after.stream().allMatch(r -> r.learnerVersion() >= lastBefore),
        "after the restart the agent serves from version " + lastBefore + " on, not the shipped weights");
    Thread.sleep(1500);
    List<Long> all = publishedVersions();
    assertTrue(all.get(all.size() - 1) > lastBefore, "the restarted meta-trainer publishes new versions");
    assertEquals(new TreeSet<>(all).size(), all.size(), "no version is published twice (exactly once)");
    for (int i = 1; i < all.size(); i++) {
      assertEquals(all.get(i - 1) + 1, all.get(i), "the restarted trainer continues at last + 1: " + all);
    }

    Set<Long> published = new TreeSet<>(all);
    List<LrDecision> decisions = kafka.readAll(TOPICS.lr(), MlrsSerdes.LR_DECISION).stream()
        .map(r -> r.value()).toList();
    assertEquals(3 * 120 + 2 * 40, decisions.size());
    for (LrDecision d : decisions) {
      assertTrue(published.contains(d.getLearnerVersion()),
          "decision for " + d.getJob() + " step " + d.getStep() + " names version " + d.getLearnerVersion());
    }
    assertFalse(kafka.readAll(TOPICS.metaGradients(), MlrsSerdes.META_GRADIENT).isEmpty());
    System.out.printf("versions %d..%d, restart at %d; LR %.4f -> %.4f%n", all.get(0), all.get(all.size() - 1),
        lastBefore, firstLr, after.get(after.size() - 1).lr());
  }
}
