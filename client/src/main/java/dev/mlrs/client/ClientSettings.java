package dev.mlrs.client;

import dev.mlrs.schemas.KafkaConnection;
import dev.mlrs.schemas.TopicNames;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the service lives: the Kafka cluster, the topic prefix of the deployment and any extra Kafka
 * client properties (security, timeouts). An extra property applies to both the producer and the
 * consumer; prefix it with {@code producer.} or {@code consumer.} to give it to one of them only.
 *
 * @param bootstrapServers Kafka bootstrap servers, e.g. {@code "broker-1:9092,broker-2:9092"}
 * @param topicPrefix      prefix of the deployment's topic names ({@code ""} for none)
 * @param kafkaProperties  extra Kafka client properties
 */
public record ClientSettings(String bootstrapServers, String topicPrefix, Map<String, String> kafkaProperties) {

  /** Key of the bootstrap servers in a settings file (the Kafka name). */
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  /** Key of the topic prefix in a settings file. */
  public static final String TOPIC_PREFIX = "mlrs.topic.prefix";

  private static final String PRODUCER_PREFIX = "producer.";
  private static final String CONSUMER_PREFIX = "consumer.";

  public ClientSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must be set, e.g. \"localhost:9092\"");
    }
    Objects.requireNonNull(topicPrefix, "topicPrefix (use \"\" for none)");
    Objects.requireNonNull(kafkaProperties, "kafkaProperties");
    for (Map.Entry<String, String> entry : kafkaProperties.entrySet()) {
      if (entry.getKey() == null || entry.getValue() == null) {
        throw new IllegalArgumentException("kafkaProperties must not hold null keys or values: " + entry);
      }
      if (unprefixed(entry.getKey()).equals(BOOTSTRAP_SERVERS)) {
        throw new IllegalArgumentException("give bootstrap.servers as bootstrapServers, not as a Kafka property");
      }
    }
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /** Settings for a cluster, no topic prefix, no extra properties. */
  public static ClientSettings of(String bootstrapServers) {
    return new ClientSettings(bootstrapServers, "", Map.of());
  }

  /** Settings for a cluster and its security settings (docs/security.md), no topic prefix. */
  public static ClientSettings of(KafkaConnection connection) {
    return new ClientSettings(connection.bootstrapServers(), "", connection.security());
  }

  /**
   * The cluster and the security settings shared by the producer and the consumer: what the job's other clients
   * (a learner check, a replay) log in with.
   */
  public KafkaConnection connection() {
    return KafkaConnection.from(bootstrapServers, kafkaProperties);
  }

  public ClientSettings withTopicPrefix(String prefix) {
    return new ClientSettings(bootstrapServers, prefix, kafkaProperties);
  }

  /** A copy with one more Kafka property ({@code producer.}/{@code consumer.} prefixes allowed). */
  public ClientSettings withKafkaProperty(String key, String value) {
    Map<String, String> copy = new HashMap<>(kafkaProperties);
    copy.put(key, value);
    return new ClientSettings(bootstrapServers, topicPrefix, copy);
  }

  /**
   * Reads settings from a properties file: {@code bootstrap.servers} (required),
   * {@code mlrs.topic.prefix} (optional); every other key is an extra Kafka property.
   */
  public static ClientSettings fromProperties(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mlrs client settings from " + file, e);
    }
    String bootstrap = properties.getProperty(BOOTSTRAP_SERVERS);
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException(file + ": " + BOOTSTRAP_SERVERS + " is missing");
    }
    Map<String, String> extra = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (!key.equals(BOOTSTRAP_SERVERS) && !key.equals(TOPIC_PREFIX)) {
        extra.put(key, properties.getProperty(key));
      }
    }
    return new ClientSettings(bootstrap.strip(), properties.getProperty(TOPIC_PREFIX, "").strip(), extra);
  }

  public TopicNames topics() {
    return TopicNames.withPrefix(topicPrefix);
  }

  /** The extra properties for the producer: unprefixed ones and {@code producer.*} (prefix removed). */
  Map<String, Object> producerProperties() {
    return propertiesFor(PRODUCER_PREFIX, CONSUMER_PREFIX);
  }

  /** The extra properties for the consumer: unprefixed ones and {@code consumer.*} (prefix removed). */
  Map<String, Object> consumerProperties() {
    return propertiesFor(CONSUMER_PREFIX, PRODUCER_PREFIX);
  }

  private Map<String, Object> propertiesFor(String own, String other) {
    Map<String, Object> result = new HashMap<>();
    // Unprefixed first, so that a role-specific value wins over a shared one.
    kafkaProperties.forEach((key, value) -> {
      if (!key.startsWith(own) && !key.startsWith(other)) {
        result.put(key, value);
      }
    });
    kafkaProperties.forEach((key, value) -> {
      if (key.startsWith(own)) {
        result.put(key.substring(own.length()), value);
      }
    });
    return result;
  }

  private static String unprefixed(String key) {
    if (key.startsWith(PRODUCER_PREFIX)) {
      return key.substring(PRODUCER_PREFIX.length());
    }
    if (key.startsWith(CONSUMER_PREFIX)) {
      return key.substring(CONSUMER_PREFIX.length());
    }
    return key;
  }
}
