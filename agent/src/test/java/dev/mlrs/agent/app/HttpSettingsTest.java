package dev.mlrs.agent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The HTTP server is off unless configured; when on, its address is the instance's application.server. */
class HttpSettingsTest {

  private static Properties config(String... keyValues) {
    Properties p = new Properties();
    p.setProperty("bootstrap.servers", "localhost:9092");
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  @Test
  void offByDefaultAndNoApplicationServer() {
    AgentSettings s = AgentConfigFile.settings(config());
    assertFalse(s.http().enabled());
    assertFalse(StreamsSettings.of(s).containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG));
  }

  @Test
  void portAndHostFromTheConfigFileBecomeTheApplicationServer() {
    AgentSettings s = AgentConfigFile.settings(config("mlrs.http.port", "7171", "mlrs.http.host", "agent-2"));
    assertTrue(s.http().enabled());
    assertEquals("http://agent-2:7171/", s.http().url());
    assertEquals("agent-2:7171", StreamsSettings.of(s).getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
    assertEquals(s.http(), s.withTopicPrefix("x.").withExactlyOnce(false).http(), "the with-methods keep it");
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> AgentConfigFile.settings(config("mlrs.http.port", "70000")));
    assertThrows(IllegalArgumentException.class, () -> AgentConfigFile.settings(config("mlrs.http.port", "x")));
  }
}
