package dev.mlrs.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {
  private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
      + "username=\"job\" password=\"job-secret\";";

  @Test
  void takesTheBootstrapAddressAndEverySecuritySettingAndNothingElse() {
    Properties file = new Properties();
    file.setProperty("bootstrap.servers", "broker-1:9093");
    file.setProperty("security.protocol", "SASL_SSL");
    file.setProperty("sasl.mechanism", "SCRAM-SHA-512");
    file.setProperty("sasl.jaas.config", JAAS);
    file.setProperty("ssl.truststore.location", "/etc/mlrs/truststore.p12");
    file.setProperty("ssl.truststore.password", "changeit");
    file.setProperty("mlrs.topic.prefix", "team-a.");
    file.setProperty("linger.ms", "5");
    file.setProperty("producer.acks", "1");

    KafkaConnection connection = KafkaConnection.from(file);

    assertEquals(Map.of(
        "bootstrap.servers", "broker-1:9093",
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", JAAS,
        "ssl.truststore.location", "/etc/mlrs/truststore.p12",
        "ssl.truststore.password", "changeit"), connection.clientConfig());
    assertEquals("SASL_SSL", connection.securityProtocol());
    assertEquals("SASL_SSL", connection.clientProperties().getProperty("security.protocol"));
  }

  @Test
  void plaintextHasOnlyTheBootstrapAddress() {
    KafkaConnection connection = KafkaConnection.plaintext(" localhost:9092 ");
    assertEquals(Map.of("bootstrap.servers", "localhost:9092"), connection.clientConfig());
    assertEquals("PLAINTEXT", connection.securityProtocol());
  }

  @Test
  void refusesAMissingAddressAndSettingsThatAreNotAboutSecurity() {
    assertThrows(IllegalArgumentException.class, () -> KafkaConnection.from(new Properties()));
    assertThrows(IllegalArgumentException.class,
        () -> new KafkaConnection("localhost:9092", Map.of("linger.ms", "5")));
  }

  @Test
  void toStringShowsNoSecret() {
    KafkaConnection connection = KafkaConnection.from("b:9093",
        Map.of("sasl.jaas.config", JAAS, "ssl.truststore.password", "changeit", "security.protocol", "SASL_SSL"));
    String shown = connection.toString();
    assertFalse(shown.contains("job-secret"), shown);
    assertFalse(shown.contains("changeit"), shown);
    assertTrue(shown.contains("SASL_SSL") && shown.contains("sasl.jaas.config"), shown);
  }
}
