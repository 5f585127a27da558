package dev.mlrs.schemas;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How to reach and log in to the Kafka cluster: the bootstrap address and the client security settings
 * ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}). Every Kafka client the project builds (the agent's
 * Kafka Streams and admin clients, the learner administration, the job client, the command line's probes and
 * readers) starts from {@link #clientConfig()}, so that a secured cluster works everywhere or nowhere; a client
 * made from the bootstrap address alone is disconnected by a SASL listener (docs/security.md).
 *
 * @param bootstrapServers the cluster, e.g. {@code broker-1:9093,broker-2:9093}
 * @param security         the security settings only; other client settings stay with the client they are for
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> security) {
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

  public KafkaConnection {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap.servers must be set, e.g. localhost:9092");
    }
    bootstrapServers = bootstrapServers.strip();
    Objects.requireNonNull(security, "security");
    for (String key : security.keySet()) {
      if (!isSecuritySetting(key)) {
        throw new IllegalArgumentException(key + " is not a client security setting (security.*, sasl.*, ssl.*)");
      }
    }
    security = Map.copyOf(security);
  }

  /** A cluster without security settings (a PLAINTEXT listener). */
  public static KafkaConnection plaintext(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /**
   * The connection among a configuration's settings: its bootstrap address and its security settings; everything
   * else ({@code mlrs.*}, producer or Streams settings) is left out.
   */
  public static KafkaConnection from(String bootstrapServers, Map<String, String> settings) {
    Map<String, String> security = new TreeMap<>();
    settings.forEach((key, value) -> {
      if (isSecuritySetting(key)) {
        security.put(key, value);
      }
    });
    return new KafkaConnection(bootstrapServers, security);
  }

  /** The connection in a properties file's contents ({@code bootstrap.servers} and the security settings). */
  public static KafkaConnection from(Properties properties) {
    Map<String, String> settings = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      settings.put(key, properties.getProperty(key));
    }
    return from(properties.getProperty(BOOTSTRAP_SERVERS), settings);
  }

  /**
   * Whether {@code key} tells a client how to authenticate or encrypt: {@code security.protocol},
   * {@code security.providers}, {@code sasl.*} and {@code ssl.*}.
   */
  public static boolean isSecuritySetting(String key) {
    return key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.");
  }

  /** The base of every client configuration: bootstrap.servers and the security settings. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new TreeMap<>(security);
    config.put(BOOTSTRAP_SERVERS, bootstrapServers);
    return config;
  }

  /** {@link #clientConfig()} as Properties, for the clients that take those. */
  public Properties clientProperties() {
    Properties p = new Properties();
    p.putAll(clientConfig());
    return p;
  }

  /** The security protocol the clients use ({@code PLAINTEXT} when none is set, Kafka's default). */
  public String securityProtocol() {
    return security.getOrDefault("security.protocol", "PLAINTEXT");
  }

  /** Without the settings' values: a JAAS line or a store password must not reach a log. */
  @Override
  public String toString() {
    return "KafkaConnection{" + bootstrapServers + ", " + securityProtocol() + ", settings "
        + new TreeMap<>(security).keySet() + "}";
  }
}
