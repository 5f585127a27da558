package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.LrReply;
import dev.mlrs.schemas.LearnerMode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 2: the broker is SIGSTOPped for 30 s while the agent serves, then resumed. The agent's
 * transactions time out meanwhile, so its producer is fenced when the broker comes back (InvalidTxnStateException
 * used to put the instance in ERROR for good). Now the stream thread is replaced and the agent serves again.
 */
class BrokerPauseTest {
  private static final String PREFIX = "it-pause.";

  private static void signal(long pid, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
  }

  /** A training step takes a while; with the circuit breaker open, a report returns at once. */
  private static void pace() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static JobOptions job(String id) {
    return JobOptions.builder(id).learner("default").mode(LearnerMode.FROZEN).numClasses(10).referenceLoss(2.3)
        .initialFallbackLr(0.05).replyTimeout(Duration.ofSeconds(10)).firstReplyTimeout(Duration.ofSeconds(90))
        .build();
  }

  @Test
  void theAgentServesAgainAfterTheBrokerWasPausedFor30Seconds() throws Exception {
    try (KafkaTestBed kafka = new KafkaTestBed()) {
      MlrsAgent agent = kafka.startAgent(kafka.agentSettings(PREFIX, KafkaTestBed.tempDir("agent-state")));
      try (LrClient before = LrClient.attach(kafka.clientSettings(PREFIX), job("before-pause"))) {
        for (int s = 0; s < 5; s++) {
          assertFalse(before.report(s, 2.3).fallback());
        }
      }
      // A job keeps reporting through the pause, so that the agent has a transaction open when the broker stops
      // (an idle agent has none to time out); its steps during the pause fall back, as they should.
      AtomicBoolean pausing = new AtomicBoolean(true);
      AtomicInteger servedDuring = new AtomicInteger();
      Thread during = new Thread(() -> {
        try (LrClient client = LrClient.attach(kafka.clientSettings(PREFIX), job("during-pause"))) {
          for (int s = 0; pausing.get(); s++) {
            if (!client.report(s, 2.3).fallback()) {
              servedDuring.incrementAndGet();
            }
            pace();
          }
        }
      });
      during.start();
      long deadline = System.currentTimeMillis() + 120_000;
      while (servedDuring.get() < 20 && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(servedDuring.get() >= 20, "the job was served before the pause");
      long pid = kafka.broker.pid();
      signal(pid, "STOP");
      try {
        Thread.sleep(30_000);
      } finally {
        signal(pid, "CONT");
      }
      pausing.set(false);
      during.join(120_000);
      // The first reply may wait for the thread replacement and a rebalance; after it, no step falls back.
      try (LrClient after = LrClient.attach(kafka.clientSettings(PREFIX), job("after-pause"))) {
        LrReply first = after.report(0, 2.3);
        assertFalse(first.fallback(), "first step after the pause: " + first.reason());
        for (int s = 1; s < 20; s++) {
          LrReply reply = after.report(s, 2.3);
          assertFalse(reply.fallback(), "step " + s + ": " + reply.reason());
        }
      }
      assertEquals(KafkaStreams.State.RUNNING, agent.state());
      assertTrue(agent.failure().getNow(0) == 0, "the instance did not fail");
    }
  }
}
