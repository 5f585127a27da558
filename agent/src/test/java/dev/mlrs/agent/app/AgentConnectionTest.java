package dev.mlrs.agent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The agent's clients all log in the same way: Kafka Streams, and the topic set-up and learner administration,
 * which are built from {@link AgentSettings#connection()}. Before, the learner administration was built from the
 * bootstrap address alone and a SASL listener disconnected it until the agent gave up.
 */
class AgentConnectionTest {
  private static final Map<String, String> SECURITY = Map.of(
      "security.protocol", "SASL_SSL",
      "sasl.mechanism", "SCRAM-SHA-512",
      "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"agent\" "
          + "password=\"agent-secret\";",
      "ssl.truststore.location", "/etc/mlrs/truststore.p12",
      "ssl.truststore.password", "changeit",
      "ssl.truststore.type", "PKCS12");

  private static AgentSettings fromFile() {
    Properties file = new Properties();
    file.setProperty("bootstrap.servers", "broker-1:9093");
    file.setProperty("mlrs.topic.prefix", "team-a.");
    file.setProperty("mlrs.state.dir", "/tmp/agent-state");
    file.setProperty("num.standby.replicas", "1");
    SECURITY.forEach(file::setProperty);
    return AgentConfigFile.settings(file);
  }

  @Test
  void theConfigFilesSecuritySettingsAreTheConnectionOfEveryClient() {
    AgentSettings settings = fromFile();
    Map<String, Object> expected = new HashMap<>(SECURITY);
    expected.put("bootstrap.servers", "broker-1:9093");
    assertEquals(expected, settings.connection().clientConfig());
    assertFalse(settings.connection().clientConfig().containsKey("num.standby.replicas"),
        "Streams settings stay with Kafka Streams");
  }

  @Test
  void kafkaStreamsGetsTheSameConnection() {
    AgentSettings settings = fromFile();
    Properties streams = StreamsSettings.of(settings);
    settings.connection().clientConfig().forEach((key, value) -> assertEquals(value, streams.get(key), key));
    assertEquals("1", streams.get("num.standby.replicas"));
  }
}
