package dev.mlrs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three broker JVMs as one KRaft cluster (about 30 s on 2 free cores; minutes on busy ones). */
class EmbeddedKafkaClusterTest {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  @Test
  @Timeout(420)
  void threeNodesReplicateAndKeepServingTransactionsWhenTheQuorumLeaderStops() throws Exception {
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().brokers(3).replicationFactor(3)
        .minInsyncReplicas(2).startupTimeout(Duration.ofSeconds(240)).start();
    List<Long> pids = new ArrayList<>();
    Path dataDir = cluster.dataDir();
    try {
      String bootstrap = cluster.bootstrapServers();
      assertEquals(3, bootstrap.split(",").length, bootstrap);
      for (int i = 0; i < 3; i++) {
        pids.add(cluster.broker(i).pid());
        assertEquals(i + 1, cluster.broker(i).nodeId());
      }
      int quorumLeader;
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        assertEquals(3, admin.describeCluster().nodes().get().size());
        // No replication factor given: the cluster's default (3) applies, and min.insync.replicas is 2.
        admin.createTopics(List.of(new NewTopic("steps", Optional.of(1), Optional.empty()))).all().get();
        TopicDescription steps = describe(admin, "steps");
        steps.partitions().forEach(p -> assertEquals(3, p.replicas().size(), "replicas of " + p));
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "steps");
        assertEquals("2", untilKnown(() -> admin.describeConfigs(List.of(topic)).all().get().get(topic))
            .get("min.insync.replicas").value());
        quorumLeader = admin.describeMetadataQuorum().quorumInfo().get().leaderId();
      }
      KafkaTestClients.sendInTransaction(bootstrap, "steps", "tx-1", "before", true);

      // The active controller goes: the other two elect a new one, and transactions (RF 3, min ISR 2) go on.
      EmbeddedKafkaBroker leader = cluster.broker(quorumLeader - 1);
      leader.stop();
      assertFalse(leader.isAlive());
      KafkaTestClients.sendInTransaction(bootstrap, "steps", "tx-1", "while-one-is-down", true);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        int newLeader = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        assertTrue(newLeader != quorumLeader, "a new quorum leader, not " + newLeader);
      }

      leader.restart();
      KafkaTestClients.sendInTransaction(bootstrap, "steps", "tx-1", "after-restart", true);
      assertEquals(List.of("before", "while-one-is-down", "after-restart"),
          KafkaTestClients.readCommitted(bootstrap, "steps", 3, READ_TIMEOUT));
    } finally {
      cluster.close();
    }
    for (long pid : pids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker pid " + pid + " runs");
    }
    assertFalse(Files.exists(dataDir), "the cluster's data should be deleted: " + dataDir);
  }

  @Test
  void refusesAReplicationFactorAboveTheBrokerCount() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmbeddedKafkaCluster.builder().brokers(2).replicationFactor(3).minInsyncReplicas(2).start());
    assertTrue(e.getMessage().contains("replication factor 3"), e.getMessage());
  }

  /** Describes a topic just created, once every partition has a leader. */
  private static TopicDescription describe(Admin admin, String topic) throws Exception {
    return untilKnown(() -> {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      boolean led = d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
      return led ? d : null;
    });
  }

  /**
   * Asks again while the answer is null or the broker asked does not know the topic yet: creation returns once
   * the controller has the topic, before every broker's metadata does (UnknownTopicOrPartition).
   */
  private static <T> T untilKnown(Callable<T> query) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        T answer = query.call();
        if (answer != null) {
          return answer;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no answer within 60 s");
      }
      Thread.sleep(100);
    }
  }
}
