package dev.mlrs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LrClientTest {

  private static final String JOB = "cifar10-resnet18-run-3";
  private static final String PREFIX = "team-a.";

  private final List<LrClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(LrClient::close);
  }

  private LrClient attach(FakeKafka kafka, JobOptions options) {
    LrClient client = LrClient.attach(ClientSettings.of("mock:9092").withTopicPrefix(PREFIX), options, kafka);
    clients.add(client);
    return client;
  }

  private static JobOptions.Builder options() {
    return JobOptions.builder(JOB).numClasses(10).referenceLoss(2.3).initialFallbackLr(0.05)
        .replyTimeout(Duration.ofSeconds(5)).firstReplyTimeout(Duration.ofSeconds(5));
  }

  @Test
  void reportReturnsTheLrTheAgentServed() {
    FakeKafka kafka = new FakeKafka(PREFIX, 6);
    LrClient client = attach(kafka, options().build());

    for (long step = 0; step < 5; step++) {
      LrReply reply = client.report(step, 2.0 - step * 0.1);
      assertEquals(step, reply.step());
      assertEquals(FakeKafka.lrFor(step), reply.lr(), 0.0);
      assertFalse(reply.fallback());
      assertNull(reply.reason());
      assertEquals("default", reply.learner());
      assertEquals(7, reply.learnerVersion());
      assertEquals(1, reply.stage());
      assertEquals(0.67, reply.gamma(), 0.0);
      assertTrue(reply.roundTripNanos() > 0);
    }
    ClientStats stats = client.stats();
    assertEquals(5, stats.reports());
    assertEquals(5, stats.replies());
    assertEquals(0, stats.fallbacks());
  }

  @Test
  void stepReportsCarryTheJobOptionsAndGoToTheStepsTopicKeyedByJob() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    LrClient client = attach(kafka, JobOptions.builder(JOB).learner("resnet-meta").mode(LearnerMode.LEARN)
        .numClasses(100).referenceLoss(4.6).lrMin(0.001).lrMax(0.5).totalSteps(60_000).initialFallbackLr(0.1)
        .build());

    client.report(0, 4.61);
    client.updateReferenceLoss(1.25);
    client.report(1, 4.5);

    StepReport first = kafka.stepReports.get(0);
    assertEquals(JOB, first.getJob());
    assertEquals(0, first.getStep());
    assertEquals(4.61, first.getLoss(), 0.0);
    assertEquals("resnet-meta", first.getLearner());
    assertEquals(LearnerMode.LEARN, first.getMode());
    assertEquals(100, first.getNumClasses());
    assertEquals(4.6, first.getReferenceLoss(), 0.0);
    assertNull(first.getGamma());
    assertEquals(0.001, first.getLrMin(), 0.0);
    assertEquals(0.5, first.getLrMax(), 0.0);
    assertEquals(60_000, first.getTotalSteps());
    assertEquals(1.25, kafka.stepReports.get(1).getReferenceLoss(), 0.0);
    assertEquals(PREFIX + "steps", kafka.sent.get(0).topic());
    assertEquals(JOB, kafka.sent.get(0).key());
  }

  @Test
  void gammaIsSentWhenGiven() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    LrClient client = attach(kafka, JobOptions.builder(JOB).gamma(0.8).initialFallbackLr(0.1).build());
    client.report(0, 1.0);
    assertEquals(0.8, kafka.stepReports.get(0).getGamma(), 0.0);
  }

  @Test
  void rejectedReportGivesTheFallbackWithTheReason() {
    FakeKafka kafka = new FakeKafka(PREFIX, 4);
    kafka.answer = report -> Double.isNaN(report.getLoss())
        ? FakeKafka.rejected(report, "loss is NaN")
        : FakeKafka.ok(report, 0.3);
    LrClient client = attach(kafka, options().build());

    LrReply beforeAnyServed = client.report(0, Double.NaN);
    assertTrue(beforeAnyServed.fallback());
    assertEquals(0.05, beforeAnyServed.lr(), 0.0, "initial fallback before any LR was served");
    assertTrue(beforeAnyServed.reason().contains("loss is NaN"), beforeAnyServed.reason());

    assertEquals(0.3, client.report(1, 2.0).lr(), 0.0);
    LrReply afterServed = client.report(2, Double.NaN);
    assertTrue(afterServed.fallback());
    assertEquals(0.3, afterServed.lr(), 0.0, "last served LR");

    ClientStats stats = client.stats();
    assertEquals(3, stats.replies());
    assertEquals(2, stats.rejected());
    assertEquals(2, stats.fallbacks());
    assertEquals(0, stats.timeouts());
  }

  @Test
  void fallbackIsClampedToTheJobsRange() {
    FakeKafka kafka = new FakeKafka(PREFIX, 2);
    kafka.answer = report -> null;
    LrClient client = attach(kafka, JobOptions.builder(JOB).gamma(1.0).lrMax(0.5).fallback((step, last) -> 7.0)
        .replyTimeout(Duration.ofMillis(20)).firstReplyTimeout(Duration.ofMillis(20)).build());
    assertEquals(0.5, client.report(0, 1.0).lr(), 0.0);
  }

  @Test
  void noReplyFallsBackAfterTheTimeoutAndTheLateReplyIsDropped() {
    FakeKafka kafka = new FakeKafka(PREFIX, 4);
    List<StepReport> unanswered = new CopyOnWriteArrayList<>();
    kafka.answer = report -> {
      unanswered.add(report);
      return null;
    };
    // Long enough that the answered third step cannot time out on a busy machine.
    LrClient client = attach(kafka, options().replyTimeout(Duration.ofMillis(250))
        .firstReplyTimeout(Duration.ofMillis(400)).build());

    long start = System.nanoTime();
    LrReply first = client.report(0, 2.0);
    long firstWaitMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(first.fallback());
    assertEquals(0.05, first.lr(), 0.0);
    assertEquals("no reply within 400 ms", first.reason());
    assertTrue(firstWaitMillis >= 400, "the first report waits the first-reply timeout, waited " + firstWaitMillis);

    start = System.nanoTime();
    LrReply second = client.report(1, 2.0);
    long secondWaitMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals("no reply within 250 ms", second.reason());
    assertTrue(secondWaitMillis >= 250, "waited " + secondWaitMillis);

    kafka.publish(JOB, FakeKafka.ok(unanswered.get(0), 0.9)); // the agent answers after all
    await(() -> client.stats().lateReplies() == 1);
    ClientStats stats = client.stats();
    assertEquals(2, stats.timeouts());
    assertEquals(2, stats.fallbacks());
    assertEquals(0, stats.replies());
    assertTrue(Double.isNaN(stats.latencyP50Ms()));

    kafka.answer = report -> FakeKafka.ok(report, 0.2);
    LrReply third = client.report(2, 2.0);
    assertEquals(0.2, third.lr(), 0.0, "the late 0.9 was not taken for a later step");
  }

  @Test
  void decisionsOfOtherJobsOnTheSamePartitionAreIgnored() {
    FakeKafka kafka = new FakeKafka(PREFIX, 5);
    String neighbour = jobOnSamePartition(JOB, 5);
    kafka.answer = report -> {
      // The agent answers a neighbour's step with the same number first, on our partition.
      kafka.publish(neighbour, FakeKafka.ok(StepReport.newBuilder(report).setJob(neighbour).build(), 9.0));
      return FakeKafka.ok(report, 0.25);
    };
    LrClient client = attach(kafka, options().build());

    LrReply reply = client.report(0, 2.0);
    assertEquals(0.25, reply.lr(), 0.0);
    assertFalse(reply.fallback());
    assertEquals(0, client.stats().ignoredReplies(), "other jobs' records are normal traffic, not ignored replies");
  }

  @Test
  void aRecordKeyedByOurJobButForAnotherJobIsNotTaken() {
    FakeKafka kafka = new FakeKafka(PREFIX, 2);
    kafka.answer = report -> {
      kafka.publish(JOB, FakeKafka.ok(StepReport.newBuilder(report).setJob("someone-else").build(), 9.0));
      return FakeKafka.ok(report, 0.25);
    };
    LrClient client = attach(kafka, options().build());
    assertEquals(0.25, client.report(0, 2.0).lr(), 0.0);
  }

  @Test
  void anIdenticalSecondDecisionIsADuplicateAndIsIgnored() {
    FakeKafka kafka = new FakeKafka(PREFIX, 2);
    kafka.answer = report -> {
      kafka.publish(JOB, FakeKafka.ok(report, FakeKafka.lrFor(report.getStep())));
      // the same decision again: an at-least-once agent re-served the report
      return FakeKafka.ok(report, FakeKafka.lrFor(report.getStep()));
    };
    LrClient client = attach(kafka, options().build());

    assertEquals(FakeKafka.lrFor(0), client.report(0, 2.0).lr(), 0.0);
    assertEquals(FakeKafka.lrFor(1), client.report(1, 1.9).lr(), 0.0, "the duplicate is not taken for step 1");
    await(() -> client.stats().duplicateReplies() == 2);
    ClientStats stats = client.stats();
    assertEquals(2, stats.replies());
    assertEquals(0, stats.conflictingReplies());
    assertEquals(0, stats.ignoredReplies());
  }

  @Test
  void aDifferentSecondDecisionIsIgnoredAndCountedAsAConflict() {
    FakeKafka kafka = new FakeKafka(PREFIX, 2);
    kafka.answer = report -> {
      kafka.publish(JOB, FakeKafka.ok(report, 0.4));
      return FakeKafka.ok(report, 0.7); // a second, different decision for the same step
    };
    LrClient client = attach(kafka, options().build());

    assertEquals(0.4, client.report(0, 2.0).lr(), 0.0);
    await(() -> client.stats().conflictingReplies() == 1);
    assertEquals(1, client.stats().replies());
    assertEquals(0, client.stats().duplicateReplies());
  }

  @Test
  void unreadableRecordsAreSkipped() {
    FakeKafka kafka = new FakeKafka(PREFIX, 2);
    kafka.answer = report -> {
      kafka.publish(JOB, "not avro".getBytes(StandardCharsets.UTF_8));
      return FakeKafka.ok(report, 0.4);
    };
    LrClient client = attach(kafka, options().build());
    assertEquals(0.4, client.report(0, 2.0).lr(), 0.0);
    await(() -> client.stats().ignoredReplies() == 1);
  }

  @Test
  void decisionsWrittenBeforeAttachAreNotRead() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3, 5); // the partition already holds offsets 0..4
    LrClient client = attach(kafka, options().build());
    StepReport stale = StepReport.newBuilder().setJob(JOB).setStep(0).setLoss(1).setLearner("default")
        .setMode(LearnerMode.FROZEN).build();
    kafka.addOldRecord(JOB, FakeKafka.ok(stale, 9.0), 3); // an earlier run with the same id

    assertEquals(FakeKafka.lrFor(0), client.report(0, 2.0).lr(), 0.0);
  }

  @Test
  void learnJobsMarkValidationStepsAndSendValidationReports() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    LrClient client = attach(kafka, options().mode(LearnerMode.LEARN).validateEvery(3).build());

    for (long step = 0; step < 6; step++) {
      client.report(step, 2.0);
    }
    List<Long> validated = kafka.stepReports.stream().filter(StepReport::getValidate).map(StepReport::getStep).toList();
    assertEquals(List.of(2L, 5L), validated);
    assertTrue(client.validationDue(2));
    assertFalse(client.validationDue(3));

    client.reportValidation(2, 1.7, -0.25);
    ValidationReport sent = kafka.validationReports.get(0);
    assertEquals(JOB, sent.getJob());
    assertEquals(2, sent.getStep());
    assertEquals(1.7, sent.getValLoss(), 0.0);
    assertEquals(-0.25, sent.getHypergradient(), 0.0);
    assertEquals(PREFIX + "validation", kafka.sent.get(kafka.sent.size() - 1).topic());
    assertEquals(JOB, kafka.sent.get(kafka.sent.size() - 1).key());

    client.reportValidation(5, 1.6, Double.NaN); // never sent: the agent needs a finite number
    assertThrows(IllegalArgumentException.class, () -> client.reportValidation(4, 1.6, 0.1));
    assertEquals(1, kafka.validationReports.size());
    assertEquals(1, client.stats().validationsSent());
    assertEquals(1, client.stats().validationsSkipped());
  }

  @Test
  void noValidationReportForAStepWhoseLrWasAFallback() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    kafka.answer = report -> report.getStep() == 1 ? FakeKafka.rejected(report, "nope") : FakeKafka.ok(report, 0.1);
    LrClient client = attach(kafka, options().mode(LearnerMode.LEARN).validateEvery(2).build());

    assertTrue(client.report(0, 2.0).lr() > 0);
    assertTrue(client.report(1, 2.0).fallback());
    client.reportValidation(1, 1.0, 0.5);
    assertTrue(kafka.validationReports.isEmpty());
    assertEquals(1, client.stats().validationsSkipped());
  }

  @Test
  void frozenJobsNeverValidate() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    LrClient client = attach(kafka, options().validateEvery(1).build());
    client.report(0, 2.0);
    assertFalse(kafka.stepReports.get(0).getValidate());
    assertFalse(client.validationDue(0));
    assertThrows(IllegalStateException.class, () -> client.reportValidation(0, 1.0, 0.1));
  }

  @Test
  void asyncRepliesReachTheirOwnSteps() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    List<StepReport> held = new CopyOnWriteArrayList<>();
    kafka.answer = report -> {
      held.add(report);
      return null;
    };
    LrClient client = attach(kafka, options().build());

    List<CompletableFuture<LrReply>> futures = new ArrayList<>();
    for (long step = 0; step < 5; step++) {
      futures.add(client.reportAsync(step, 2.0));
    }
    assertFalse(futures.get(0).isDone());
    for (int i = held.size() - 1; i >= 0; i--) { // the agent answers in reverse order
      kafka.publish(JOB, FakeKafka.ok(held.get(i), FakeKafka.lrFor(held.get(i).getStep())));
    }
    for (int step = 0; step < 5; step++) {
      LrReply reply = futures.get(step).join();
      assertEquals(step, reply.step());
      assertEquals(FakeKafka.lrFor(step), reply.lr(), 0.0);
    }
    assertEquals(5, client.stats().replies());
  }

  @Test
  void afterConsecutiveTimeoutsTheBreakerServesTheFallbackAtOnceThenProbesAgain() {
    FakeKafka kafka = new FakeKafka(PREFIX, 2);
    kafka.answer = report -> null;   // the agent is gone
    AtomicLong nanos = new AtomicLong();
    CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(30), nanos::get);
    LrClient client = LrClient.attach(ClientSettings.of("mock:9092").withTopicPrefix(PREFIX),
        options().replyTimeout(Duration.ofMillis(200)).firstReplyTimeout(Duration.ofMillis(200)).build(), kafka,
        breaker);
    clients.add(client);
    assertTrue(client.report(0, 2.0).fallback());
    assertTrue(client.report(1, 2.0).fallback());

    long start = System.nanoTime();
    LrReply open = client.report(2, 2.0);
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(open.fallback());
    assertEquals(0.05, open.lr(), 0.0);
    assertTrue(open.reason().contains("circuit breaker open"), open.reason());
    assertTrue(waitedMillis < 150, "an open breaker must not wait the reply timeout, waited " + waitedMillis);
    assertEquals(3, kafka.stepReports.size(), "steps still reach the topic while the breaker is open: the run's "
        + "record and the agent's state of the job stay complete");
    assertFalse(kafka.stepReports.get(2).getValidate(), "no validation is asked for a step nobody waits for");

    kafka.answer = report -> FakeKafka.ok(report, 0.3);   // the agent is back
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    LrReply probe = client.report(3, 2.0);
    assertFalse(probe.fallback(), String.valueOf(probe.reason()));
    assertEquals(0.3, probe.lr(), 0.0);
    assertFalse(breaker.isOpen());
    assertEquals(0.3, client.report(4, 2.0).lr(), 0.0);
  }

  @Test
  void statsCountEveryOutcomeAndMeasureRoundTrips() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    kafka.answer = report -> switch ((int) (report.getStep() % 4)) {
      case 0, 1 -> FakeKafka.ok(report, 0.1);
      case 2 -> FakeKafka.rejected(report, "bad");
      default -> null;
    };
    LrClient client = attach(kafka, options().replyTimeout(Duration.ofMillis(250))
        .firstReplyTimeout(Duration.ofMillis(250)).build());
    for (long step = 0; step < 8; step++) {
      client.report(step, 1.0);
    }
    ClientStats stats = client.stats();
    assertEquals(8, stats.reports());
    assertEquals(6, stats.replies());
    assertEquals(2, stats.rejected());
    assertEquals(2, stats.timeouts());
    assertEquals(4, stats.fallbacks());
    assertTrue(stats.latencyP50Ms() > 0 && stats.latencyP50Ms() <= stats.latencyP99Ms(), stats.toString());
    assertTrue(stats.latencyP99Ms() <= stats.latencyMaxMs(), stats.toString());
  }

  @Test
  void stepsMustIncrease() {
    LrClient client = attach(new FakeKafka(PREFIX, 1), options().build());
    client.report(3, 1.0);
    assertThrows(IllegalArgumentException.class, () -> client.report(3, 1.0));
    assertThrows(IllegalArgumentException.class, () -> client.report(2, 1.0));
    LrClient fresh = attach(new FakeKafka(PREFIX, 1), options().build());
    assertThrows(IllegalArgumentException.class, () -> fresh.report(-1, 1.0));
  }

  @Test
  void closeGivesWaitingStepsTheirFallbackAndRefusesNewReports() {
    FakeKafka kafka = new FakeKafka(PREFIX, 2);
    kafka.answer = report -> null;
    LrClient client = attach(kafka, options().build());
    CompletableFuture<LrReply> waiting = client.reportAsync(0, 1.0);

    client.close();
    LrReply reply = waiting.join();
    assertTrue(reply.fallback());
    assertEquals("the client was closed", reply.reason());
    assertTrue(kafka.producer.closed());
    assertTrue(kafka.consumer.closed());
    assertThrows(IllegalStateException.class, () -> client.report(1, 1.0));
    client.close(); // idempotent
  }

  @Test
  void sendFailureFallsBackAtOnce() {
    FakeKafka kafka = new FakeKafka(PREFIX, 2);
    LrClient client = attach(kafka, options().build());
    kafka.producer.sendException = new org.apache.kafka.common.errors.TimeoutException("broker gone");
    long start = System.nanoTime();
    LrReply reply = client.report(0, 1.0);
    assertTrue(reply.fallback());
    assertTrue(reply.reason().contains("broker gone"), reply.reason());
    assertTrue(System.nanoTime() - start < 4_000_000_000L, "did not wait for the reply timeout");
    assertEquals(1, client.stats().sendFailures());
  }

  @Test
  void theConsumerReadsOnlyItsJobsPartitionCommittedAndWithoutAGroup() {
    FakeKafka kafka = new FakeKafka(PREFIX, 7);
    attach(kafka, options().build());
    int expected = BuiltInPartitioner.partitionForKey(JOB.getBytes(StandardCharsets.UTF_8), 7);

    assertEquals(Set.of(new TopicPartition(PREFIX + "lr", expected)), kafka.consumer.assignment());
    assertTrue(kafka.consumer.subscription().isEmpty(), "assigned, not subscribed");
    assertEquals("read_committed", kafka.consumerConfig.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
    assertFalse(kafka.consumerConfig.containsKey(ConsumerConfig.GROUP_ID_CONFIG));
    assertEquals(false, kafka.consumerConfig.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
    assertEquals(500, kafka.consumerConfig.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
    assertEquals("mock:9092", kafka.consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    assertEquals(true, kafka.producerConfig.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
    assertEquals("all", kafka.producerConfig.get(ProducerConfig.ACKS_CONFIG));
    assertEquals(0, kafka.producerConfig.get(ProducerConfig.LINGER_MS_CONFIG));
  }

  @Test
  void extraKafkaPropertiesReachTheRightClientButCannotBreakTheProtocol() {
    FakeKafka kafka = new FakeKafka(PREFIX, 1);
    ClientSettings settings = ClientSettings.of("mock:9092").withTopicPrefix(PREFIX)
        .withKafkaProperty("security.protocol", "SSL")
        .withKafkaProperty("producer.acks", "0")
        .withKafkaProperty("producer.linger.ms", "2")
        .withKafkaProperty("consumer.isolation.level", "read_uncommitted")
        .withKafkaProperty("consumer.fetch.max.wait.ms", "50");
    clients.add(LrClient.attach(settings, options().build(), kafka));

    assertEquals("SSL", kafka.producerConfig.get("security.protocol"));
    assertEquals("SSL", kafka.consumerConfig.get("security.protocol"));
    assertEquals("all", kafka.producerConfig.get(ProducerConfig.ACKS_CONFIG));
    assertEquals("2", kafka.producerConfig.get(ProducerConfig.LINGER_MS_CONFIG));
    assertEquals("read_committed", kafka.consumerConfig.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
    assertEquals("50", kafka.consumerConfig.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
    assertFalse(kafka.producerConfig.containsKey("fetch.max.wait.ms"));
  }

  @Test
  void attachFailsClearlyWhenTheLrTopicIsMissing() {
    FakeKafka kafka = new FakeKafka("other-prefix.", 3);
    MlrsAttachException e = assertThrows(MlrsAttachException.class, () -> attach(kafka, options().build()));
    assertTrue(e.getMessage().contains(PREFIX + "lr"), e.getMessage());
    assertTrue(kafka.producer.closed());
    assertTrue(kafka.consumer.closed());
  }

  private static String jobOnSamePartition(String job, int partitions) {
    int target = BuiltInPartitioner.partitionForKey(job.getBytes(StandardCharsets.UTF_8), partitions);
    for (int i = 0; ; i++) {
      String candidate = "neighbour-" + i;
      if (BuiltInPartitioner.partitionForKey(candidate.getBytes(StandardCharsets.UTF_8), partitions) == target) {
        return candidate;
      }
    }
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
