package dev.mlrs.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft cluster of N real brokers, each an {@link EmbeddedKafkaBroker} in its own child JVM and each also a
 * controller: the N nodes are the controller quorum (combined mode, as in {@code docker/compose.yaml}). With three
 * nodes the cluster survives one node's loss: the quorum keeps its majority, and topics with replication factor 3
 * and min.insync.replicas 2 keep taking writes.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().brokers(3).replicationFactor(3)
 *     .minInsyncReplicas(2).start()) {
 *   String bootstrap = cluster.bootstrapServers();   // all three, comma-separated
 *   cluster.broker(0).stop();                         // one node down; restart() brings it back
 * }
 * }</pre>
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

  private final List<EmbeddedKafkaBroker> brokers;
  private final Path root;
  private boolean closed;

  // A view: Builder.start() adds the nodes one by one, so that close() stops the ones started when a later one fails.
  private EmbeddedKafkaCluster(List<EmbeddedKafkaBroker> brokers, Path root) {
    this.brokers = Collections.unmodifiableList(brokers);
    this.root = root;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every node's {@code host:port}, comma-separated: a client finds the cluster through any node that runs. */
  public String bootstrapServers() {
    return brokers.stream().map(EmbeddedKafkaBroker::bootstrapServers).collect(Collectors.joining(","));
  }

  /** The node at {@code index} (0-based; its node.id is index + 1), to stop, kill or restart it. */
  public EmbeddedKafkaBroker broker(int index) {
    return brokers.get(index);
  }

  public int size() {
    return brokers.size();
  }

  /** The folder holding every node's data folder ({@code node-1/}, {@code node-2/}, ...). */
  public Path dataDir() {
    return root;
  }

  /**
   * Stops every node at once and deletes the data. At once, because nodes stopped one after another would leave
   * the last ones without a controller majority, and a broker without a controller waits out its controlled
   * shutdown (30 s here) before it is killed. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Thread> stopping = new ArrayList<>();
    for (EmbeddedKafkaBroker broker : brokers) {
      Thread t = new Thread(broker::close, "mlrs-stop-broker-" + broker.nodeId());
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    BrokerDataDir.deleteTree(root);
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaCluster{" + bootstrapServers() + ", dataDir=" + root + '}';
  }

  /** Waits until all {@code expected} brokers are registered, so that topics with full replication can be created. */
  private static void awaitBrokers(String bootstrap, int expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.CLIENT_ID_CONFIG, "mlrs-cluster-readiness-probe");
    int seen = 0;
    try (Admin admin = Admin.create(config)) {
      while (System.nanoTime() < deadline) {
        try {
          seen = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size();
          if (seen >= expected) {
            return;
          }
        } catch (ExecutionException | TimeoutException notYet) {
          // a node may still be catching up; ask again
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerStartException("interrupted while waiting for the cluster's brokers", e);
    }
    throw new BrokerStartException("only " + seen + " of " + expected + " brokers registered within " + timeout);
  }

  /**
   * How to start a cluster. Defaults: 3 nodes, replication factor 3, min.insync.replicas 2, 384 MB heap each, and
   * 120 s to start (three JVMs starting at once on 2 busy cores took 105 s once).
   */
  public static final class Builder {
    private int brokers = 3;
    private int replicationFactor = 3;
    private int minInsyncReplicas = 2;
    private String maxHeap = "384m";
    private Duration startupTimeout = Duration.ofSeconds(120);
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();

    private Builder() {
    }

    public Builder brokers(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("a cluster needs at least one broker, got " + count);
      }
      this.brokers = count;
      return this;
    }

    /** Replication of the internal topics and default replication of new topics (at most the broker count). */
    public Builder replicationFactor(int factor) {
      this.replicationFactor = factor;
      return this;
    }

    /** min.insync.replicas of every topic and of the transaction state log. */
    public Builder minInsyncReplicas(int count) {
      this.minInsyncReplicas = count;
      return this;
    }

    /** Each node's -Xmx, e.g. "384m". */
    public Builder maxHeap(String heap) {
      this.maxHeap = heap;
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /** An extra server.properties entry for every node; it overrides the defaults. */
    public Builder brokerProperty(String key, String value) {
      brokerProperties.put(key, value);
      return this;
    }

    /**
     * Starts every node, then waits until each answers clients and all are registered.
     *
     * @throws BrokerStartException when a node exits or the cluster is not ready within the startup timeout;
     *                              the nodes already started are stopped and the data deleted
     */
    public EmbeddedKafkaCluster start() {
      long startedAt = System.nanoTime();
      List<BrokerPorts> ports = BrokerPorts.chooseDistinct(brokers);
      Map<Integer, String> voters = new LinkedHashMap<>();
      for (int i = 0; i < brokers; i++) {
        voters.put(i + 1, ports.get(i).controllerEndpoint());
      }
      // Checked before anything is created: a replication factor the cluster cannot hold fails here.
      List<KraftNode> members = new ArrayList<>();
      for (int i = 0; i < brokers; i++) {
        members.add(new KraftNode(i + 1, voters, replicationFactor, minInsyncReplicas));
      }
      String clusterId = Uuid.randomUuid().toString();
      Path root = createRoot();
      ChildJvm jvm = ChildJvm.sameJavaAsThisProcess();
      List<EmbeddedKafkaBroker> nodes = new ArrayList<>();
      EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(nodes, root);
      try {
        for (KraftNode member : members) {
          BrokerOptions options = BrokerOptions.builder().dataDir(root.resolve("node-" + member.nodeId()))
              .brokerProperties(brokerProperties).maxHeap(maxHeap).startupTimeout(startupTimeout).build();
          nodes.add(EmbeddedKafkaBroker.clusterNode(options, ports.get(member.nodeId() - 1), member, clusterId, jvm));
        }
        // All nodes first: none is ready before a majority of the quorum runs.
        List<BrokerLog> logs = new ArrayList<>();
        for (EmbeddedKafkaBroker node : nodes) {
          logs.add(node.spawn());
        }
        for (int i = 0; i < nodes.size(); i++) {
          nodes.get(i).awaitReady(logs.get(i), startedAt);
        }
        Duration left = startupTimeout.minusNanos(System.nanoTime() - startedAt);
        awaitBrokers(cluster.bootstrapServers(), brokers, left.isNegative() ? Duration.ofMillis(1) : left);
      } catch (RuntimeException e) {
        cluster.close();
        throw e;
      }
      LOG.info("embedded Kafka cluster of {} brokers ready at {} in {} s (replication {}, min.insync {}, data {})",
          brokers, cluster.bootstrapServers(), String.format(Locale.ROOT, "%.1f",
              (System.nanoTime() - startedAt) / 1e9), replicationFactor, minInsyncReplicas, root);
      return cluster;
    }

    private static Path createRoot() {
      try {
        return Files.createTempDirectory("mlrs-kafka-cluster-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the cluster's data directory", e);
      }
    }
  }
}
