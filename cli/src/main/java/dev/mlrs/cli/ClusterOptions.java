package dev.mlrs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Where the Kafka cluster is: nothing (an embedded broker is started), a bootstrap address, or a properties file. */
final class ClusterOptions {
  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka cluster to use. Default: the embedded single-node broker, whose data is kept in "
          + "runs/embedded/ between commands.")
  String bootstrapServers;

  @Option(names = "--fresh",
      description = "Empty the embedded broker's kept data (and the agent state beside it) before starting.")
  boolean fresh;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file: bootstrap.servers, mlrs.* settings (docs/configuration.md) and any Kafka client "
          + "setting.")
  Path config;

  @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of every topic name (default: none).")
  String topicPrefix;

  /** The properties file merged with the command-line values (which win). */
  Properties properties() {
    Properties p = new Properties();
    if (config != null) {
      try (InputStream in = Files.newInputStream(config)) {
        p.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + config + ": " + e.getMessage(), e);
      }
    }
    if (bootstrapServers != null) {
      p.setProperty("bootstrap.servers", bootstrapServers);
    }
    if (topicPrefix != null) {
      p.setProperty("mlrs.topic.prefix", topicPrefix);
    }
    return p;
  }

  boolean hasCluster() {
    return properties().getProperty("bootstrap.servers") != null;
  }

  /** The Kafka client settings among {@code properties}: everything but bootstrap.servers and the mlrs.* keys. */
  static Map<String, String> kafkaSettings(Properties properties) {
    Map<String, String> kafka = new HashMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (!key.startsWith("mlrs.") && !key.equals("bootstrap.servers")) {
        kafka.put(key, properties.getProperty(key));
      }
    }
    return kafka;
  }
}
