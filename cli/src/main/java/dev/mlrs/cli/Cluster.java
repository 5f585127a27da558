package dev.mlrs.cli;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.agent.app.AgentConfigFile;
import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.broker.BrokerOptions;
import dev.mlrs.broker.EmbeddedKafkaBroker;
import dev.mlrs.client.ClientSettings;
import dev.mlrs.schemas.KafkaConnection;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The Kafka side of a command: the given cluster (checked to answer first), or the embedded broker, whose
 * data is kept in {@link EmbeddedHome} between commands; optionally an agent instance in this process.
 */
final class Cluster implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final EmbeddedHome home;
  private final Properties properties;
  private MlrsAgent agent;
  private Path temporaryStateDir;

  private Cluster(EmbeddedKafkaBroker broker, EmbeddedHome home, Properties properties) {
    this.broker = broker;
    this.home = home;
    this.properties = properties;
  }

  static Cluster open(ClusterOptions options, PrintStream out) {
    Properties p = options.properties();
    if (p.getProperty("bootstrap.servers") != null) {
      if (options.fresh) {
        throw new IllegalArgumentException("--fresh empties the embedded broker; it cannot be used with a cluster "
            + "(--bootstrap-servers or bootstrap.servers in --config)");
      }
      ClusterProbe.requireReachable(KafkaConnection.from(p));
      return new Cluster(null, null, p);
    }
    long started = System.nanoTime();
    EmbeddedHome home = EmbeddedHome.open(EmbeddedHome.locate(), options.fresh);
    try {
      out.println("Starting the embedded Kafka broker (a child JVM; " + (home.keptData()
          ? "continuing the data kept in " : "data kept in ") + home.dir() + ", --fresh starts empty; "
          + "--bootstrap-servers uses a cluster) ...");
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(home.brokerDir())
          .build());
      home.markInUse(broker.bootstrapServers());
      p.setProperty("bootstrap.servers", broker.bootstrapServers());
      if (p.getProperty("mlrs.state.dir") == null) {
        p.setProperty("mlrs.state.dir", home.stateDir().toString());
      }
      out.printf("Broker ready at %s in %.1f s (log: %s)%n", broker.bootstrapServers(),
          (System.nanoTime() - started) / 1e9, broker.logFile());
      return new Cluster(broker, home, p);
    } catch (RuntimeException e) {
      home.close();
      throw e;
    }
  }

  String bootstrapServers() {
    return properties.getProperty("bootstrap.servers");
  }

  boolean embedded() {
    return broker != null;
  }

  /**
   * Agent settings from the properties. The state directory: mlrs.state.dir, else the embedded broker's
   * companion folder, else (a given cluster) a temporary folder deleted when the command ends.
   */
  AgentSettings agentSettings() {
    Properties p = new Properties();
    p.putAll(properties);
    if (p.getProperty("mlrs.state.dir") == null) {
      try {
        if (temporaryStateDir == null) {
          temporaryStateDir = Files.createTempDirectory("mlrs-agent-state");
        }
        p.setProperty("mlrs.state.dir", temporaryStateDir.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return AgentConfigFile.settings(p);
  }

  /** Whether the properties (--config) set this key. */
  boolean configures(String key) {
    return properties.getProperty(key) != null;
  }

  MlrsAgent startAgent(AgentSettings settings, PrintStream out) {
    long started = System.nanoTime();
    agent = MlrsAgent.start(settings, Duration.ofMinutes(2));
    out.printf("Agent running in %.1f s (exactly-once %s, commit interval %d ms, state in %s)%n",
        (System.nanoTime() - started) / 1e9, settings.exactlyOnce(), settings.commitInterval().toMillis(),
        settings.stateDir());
    if (agent.url() != null) {
      out.println("Live view: " + agent.url() + "   (JSON: " + agent.url() + "api/jobs, Prometheus: " + agent.url()
          + "metrics)");
    }
    return agent;
  }

  ClientSettings clientSettings() {
    return new ClientSettings(bootstrapServers(), properties.getProperty("mlrs.topic.prefix", ""),
        ClusterOptions.kafkaSettings(properties));
  }

  /** The cluster and the security settings of --config: what every client of this command logs in with. */
  KafkaConnection connection() {
    return KafkaConnection.from(properties);
  }

  /** The learner administration of this cluster (close it when done). */
  LearnerAdmin learnerAdmin() {
    return new LearnerAdmin(connection(), clientSettings().topics(), ClusterOptions.kafkaSettings(properties));
  }

  @Override
  public void close() {
    try {
      if (agent != null) {
        agent.close();
      }
      if (broker != null) {
        broker.close();
      }
    } finally {
      if (home != null) {
        home.close();
      }
      deleteTemporaryState();
    }
  }

  private void deleteTemporaryState() {
    if (temporaryStateDir == null) {
      return;
    }
    try {
      EmbeddedHome.deleteTree(temporaryStateDir);
    } catch (IOException e) {
      System.err.println("mlrs: could not delete the temporary agent state " + temporaryStateDir + ": "
          + e.getMessage());
    }
  }
}
