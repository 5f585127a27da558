package dev.mlrs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {

  @TempDir
  Path dir;

  @Test
  void readsAPropertiesFile() throws IOException {
    Path file = dir.resolve("mlrs.properties");
    Files.writeString(file, """
        # the team's deployment
        bootstrap.servers = broker-1:9092,broker-2:9092
        mlrs.topic.prefix = team-a.
        security.protocol = SSL
        producer.compression.type = lz4
        consumer.fetch.max.wait.ms = 10
        """);
    ClientSettings settings = ClientSettings.fromProperties(file);

    assertEquals("broker-1:9092,broker-2:9092", settings.bootstrapServers());
    assertEquals("team-a.", settings.topicPrefix());
    assertEquals("team-a.lr", settings.topics().lr());
    assertEquals(Map.of("security.protocol", "SSL", "compression.type", "lz4"), settings.producerProperties());
    assertEquals(Map.of("security.protocol", "SSL", "fetch.max.wait.ms", "10"), settings.consumerProperties());
  }

  @Test
  void aRoleSpecificPropertyWinsOverASharedOne() {
    ClientSettings settings = ClientSettings.of("b:9092").withKafkaProperty("consumer.request.timeout.ms", "100")
        .withKafkaProperty("request.timeout.ms", "200");
    assertEquals("100", settings.consumerProperties().get("request.timeout.ms"));
    assertEquals("200", settings.producerProperties().get("request.timeout.ms"));
  }

  @Test
  void missingBootstrapServersIsAClearError() throws IOException {
    Path file = dir.resolve("empty.properties");
    Files.writeString(file, "mlrs.topic.prefix=x.\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ClientSettings.fromProperties(file));
    assertTrue(e.getMessage().contains("bootstrap.servers"), e.getMessage());
    assertThrows(UncheckedIOException.class, () -> ClientSettings.fromProperties(dir.resolve("missing.properties")));
    assertThrows(IllegalArgumentException.class, () -> ClientSettings.of(" "));
    assertThrows(IllegalArgumentException.class,
        () -> ClientSettings.of("b:1").withKafkaProperty("producer.bootstrap.servers", "c:1"));
  }

  @Test
  void defaultsToNoPrefix() {
    assertEquals("lr", ClientSettings.of("b:9092").topics().lr());
    assertEquals("steps", ClientSettings.of("b:9092").topics().steps());
  }
}
