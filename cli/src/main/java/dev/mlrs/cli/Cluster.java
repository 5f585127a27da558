package dev.mlrs.cli;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.agent.app.AgentConfigFile;
import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.broker.EmbeddedKafkaBroker;
import dev.mlrs.client.ClientSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;

/**
 * The Kafka side of a command: the given cluster, or an embedded broker started for the command's
 * lifetime; optionally an agent instance in this process.
 */
final class Cluster implements AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final Properties properties;
  private MlrsAgent agent;

  private Cluster(EmbeddedKafkaBroker broker, Properties properties) {
    this.broker = broker;
    this.properties = properties;
  }

  static Cluster open(ClusterOptions options, PrintStream out) {
    Properties p = options.properties();
    if (p.getProperty("bootstrap.servers") != null) {
      return new Cluster(null, p);
    }
    long started = System.nanoTime();
    out.println("Starting an embedded Kafka broker (a child JVM; pass --bootstrap-servers to use a cluster) ...");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
    p.setProperty("bootstrap.servers", broker.bootstrapServers());
    out.printf("Broker ready at %s in %.1f s (log: %s)%n", broker.bootstrapServers(),
        (System.nanoTime() - started) / 1e9,
        broker.logFile());
    return new Cluster(broker, p);
  }

  String bootstrapServers() {
    return properties.getProperty("bootstrap.servers");
  }

  boolean embedded() {
    return broker != null;
  }

  /** Agent settings from the properties; the state directory defaults to a fresh temporary one. */
  AgentSettings agentSettings() {
    Properties p = new Properties();
    p.putAll(properties);
    if (p.getProperty("mlrs.state.dir") == null) {
      try {
        p.setProperty("mlrs.state.dir", Files.createTempDirectory("mlrs-agent-state").toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return AgentConfigFile.settings(p);
  }

  MlrsAgent startAgent(AgentSettings settings, PrintStream out) {
    long started = System.nanoTime();
    agent = MlrsAgent.start(settings, Duration.ofMinutes(2));
    out.printf("Agent running in %.1f s (exactly-once %s, commit interval %d ms, state in %s)%n",
        (System.nanoTime() - started) / 1e9, settings.exactlyOnce(), settings.commitInterval().toMillis(),
        settings.stateDir());
    return agent;
  }

  ClientSettings clientSettings() {
    return new ClientSettings(bootstrapServers(), properties.getProperty("mlrs.topic.prefix", ""),
        ClusterOptions.kafkaSettings(properties));
  }

  /** The learner administration of this cluster (close it when done). */
  LearnerAdmin learnerAdmin() {
    return new LearnerAdmin(bootstrapServers(), clientSettings().topics(), ClusterOptions.kafkaSettings(properties));
  }

  @Override
  public void close() {
    if (agent != null) {
      agent.close();
    }
    if (broker != null) {
      broker.close();
    }
  }
}
