package dev.mlrs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starts real broker JVMs (about 5 s each); the whole class should stay well under a minute. */
class EmbeddedKafkaBrokerTest {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  @Test
  @Timeout(60)
  void servesTransactionalProduceAndReadCommittedThenClosesIdempotently() throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
    long pid = broker.pid();
    Path dataDir = broker.dataDir();
    try {
      assertTrue(broker.isAlive());
      assertTrue(broker.bootstrapServers().matches("127\\.0\\.0\\.1:\\d+"), broker.bootstrapServers());

      KafkaTestClients.createTopic(broker.bootstrapServers(), "lr-requests");
      KafkaTestClients.sendInTransaction(broker.bootstrapServers(), "lr-requests", "tx-1", "committed-1", true);
      KafkaTestClients.sendInTransaction(broker.bootstrapServers(), "lr-requests", "tx-1", "aborted", false);
      KafkaTestClients.sendInTransaction(broker.bootstrapServers(), "lr-requests", "tx-1", "committed-2", true);

      assertEquals(List.of("committed-1", "committed-2"),
          KafkaTestClients.readCommitted(broker.bootstrapServers(), "lr-requests", 2, READ_TIMEOUT));
    } finally {
      broker.close();
    }

    assertFalse(broker.isAlive());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker pid " + pid + " still runs");
    assertFalse(Files.exists(dataDir), "temporary data dir should be deleted: " + dataDir);

    long secondCloseStarted = System.nanoTime();
    broker.close();
    assertTrue(Duration.ofNanos(System.nanoTime() - secondCloseStarted).toMillis() < 1000,
        "second close should be a no-op");
    assertThrows(IllegalStateException.class, broker::restart, "a closed temporary broker has nothing to restart");
  }

  @Test
  @Timeout(60)
  void killThenRestartKeepsTopicAndCommittedRecords(@TempDir Path dataDir) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(dataDir).build())) {
      String bootstrap = broker.bootstrapServers();
      KafkaTestClients.createTopic(bootstrap, "lr-schedules");
      KafkaTestClients.sendInTransaction(bootstrap, "lr-schedules", "tx-2", "before-crash", true);
      long firstPid = broker.pid();

      broker.kill();
      assertFalse(broker.isAlive());
      assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));

      broker.restart();
      assertTrue(broker.isAlive());
      assertNotEquals(firstPid, broker.pid());
      assertEquals(bootstrap, broker.bootstrapServers(), "restart must keep the port");
      assertTrue(KafkaTestClients.listTopics(bootstrap).contains("lr-schedules"));
      KafkaTestClients.sendInTransaction(bootstrap, "lr-schedules", "tx-2", "after-restart", true);
      assertEquals(List.of("before-crash", "after-restart"),
          KafkaTestClients.readCommitted(bootstrap, "lr-schedules", 2, READ_TIMEOUT));
    }
    assertTrue(Files.exists(dataDir.resolve("kafka-logs").resolve("meta.properties")),
        "a data dir that was given must be kept");
  }

  /** What the CLI does between two commands: close the broker, later start a new one on the kept data. */
  @Test
  @Timeout(180)
  void aNewBrokerOnAKeptDataDirFindsTheRecordsOfTheClosedOne(@TempDir Path dataDir) throws Exception {
    String firstBootstrap;
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(dataDir).build())) {
      firstBootstrap = first.bootstrapServers();
      KafkaTestClients.createTopic(firstBootstrap, "steps");
      KafkaTestClients.sendInTransaction(firstBootstrap, "steps", "tx-3", "first-run", true);
    }
    assertTrue(Files.exists(dataDir.resolve("kafka-logs").resolve("meta.properties")), "closing keeps given data");

    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(dataDir).build())) {
      String bootstrap = second.bootstrapServers();
      assertTrue(KafkaTestClients.listTopics(bootstrap).contains("steps"));
      KafkaTestClients.sendInTransaction(bootstrap, "steps", "tx-3", "second-run", true);
      assertEquals(List.of("first-run", "second-run"),
          KafkaTestClients.readCommitted(bootstrap, "steps", 2, READ_TIMEOUT), "started on " + bootstrap
              + " after " + firstBootstrap);
    }
  }

  @Test
  @Timeout(60)
  void portInUseFailsWithTheReasonAndTheBrokerLog(@TempDir Path dataDir) throws Exception {
    try (ServerSocket occupied = new ServerSocket()) {
      occupied.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      BrokerOptions options = BrokerOptions.builder()
          .port(occupied.getLocalPort())
          .dataDir(dataDir)
          // The broker exits as soon as its bind fails; the limit only matters on a loaded machine, where a JVM
          // start alone took over 40 s here.
          .startupTimeout(Duration.ofSeconds(150))
          .build();

      BrokerStartException failure = assertThrows(BrokerStartException.class, () -> EmbeddedKafkaBroker.start(options));

      String message = failure.getMessage();
      assertTrue(message.contains("exited with code"), message);
      assertTrue(message.contains("lines of " + dataDir.resolve("broker.log")), message);
      assertTrue(message.contains("first error in the broker log:"), message);
      assertTrue(message.contains("failed to bind to 127.0.0.1:" + occupied.getLocalPort()
          + ": Address already in use"), message);
    }
  }
}
