package dev.mlrs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class BrokerOptionsTest {

  @Test
  void defaultsAreATemporaryDirAFreePortAndAMinute() {
    BrokerOptions options = BrokerOptions.defaults();
    assertTrue(options.dataDir().isEmpty());
    assertEquals(0, options.port());
    assertEquals(Duration.ofSeconds(180), options.startupTimeout());
    assertEquals("512m", options.maxHeap());
    assertTrue(options.logFile().isEmpty());
  }

  @Test
  void rejectsValuesThatCannotWork() {
    assertThrows(IllegalArgumentException.class, () -> BrokerOptions.builder().port(70000));
    assertThrows(IllegalArgumentException.class, () -> BrokerOptions.builder().maxHeap("-Xmx1g"));
    assertThrows(IllegalArgumentException.class, () -> BrokerOptions.builder().startupTimeout(Duration.ZERO));
  }

  @Test
  void commandLineArgumentsBecomeOptions() {
    BrokerOptions options = EmbeddedKafkaBrokerMain.parse(new String[] {"--port=19092", "--data-dir=/tmp/x",
        "--heap=1g"});
    assertEquals(19092, options.port());
    assertEquals(Path.of("/tmp/x"), options.dataDir().orElseThrow());
    assertEquals("1g", options.maxHeap());
    assertThrows(IllegalArgumentException.class, () -> EmbeddedKafkaBrokerMain.parse(new String[] {"--verbose"}));
  }
}
