package dev.mlrs.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedHomeTest {

  @Test
  void oneCommandAtATimeAndTheSecondIsToldWhoHasIt(@TempDir Path dir) {
    try (EmbeddedHome first = EmbeddedHome.open(dir, false)) {
      first.markInUse("127.0.0.1:9999");
      IllegalStateException busy = assertThrows(IllegalStateException.class, () -> EmbeddedHome.open(dir, false));
      assertTrue(busy.getMessage().contains("another mlrs command is using the embedded broker in " + dir),
          busy.getMessage());
      assertTrue(busy.getMessage().contains("broker at 127.0.0.1:9999"), busy.getMessage());
    }
    EmbeddedHome.open(dir, false).close(); // released on close
  }

  @Test
  void keptDataIsContinuedAndFreshWipesBrokerAndAgentStateTogether(@TempDir Path dir) throws Exception {
    try (EmbeddedHome home = EmbeddedHome.open(dir, false)) {
      assertFalse(home.keptData(), "nothing kept yet");
      Files.createDirectories(home.brokerDir().resolve("kafka-logs"));
      Files.writeString(home.brokerDir().resolve("kafka-logs").resolve("meta.properties"), "x");
      Files.createDirectories(home.stateDir().resolve("mlrs-agent"));
    }
    try (EmbeddedHome home = EmbeddedHome.open(dir, false)) {
      assertTrue(home.keptData(), "the second command continues the first one's data");
    }
    try (EmbeddedHome home = EmbeddedHome.open(dir, true)) {
      assertFalse(home.keptData());
      assertFalse(Files.exists(home.brokerDir()), "--fresh removes the broker data");
      assertFalse(Files.exists(home.stateDir()), "--fresh removes the agent state with it");
    }
  }

  @Test
  void theFolderIsTheSystemPropertyWhenSet(@TempDir Path dir) {
    String before = System.getProperty(EmbeddedHome.PROPERTY);
    System.setProperty(EmbeddedHome.PROPERTY, dir.toString());
    try {
      assertTrue(EmbeddedHome.locate().equals(dir.toAbsolutePath()));
    } finally {
      if (before == null) {
        System.clearProperty(EmbeddedHome.PROPERTY);
      } else {
        System.setProperty(EmbeddedHome.PROPERTY, before);
      }
    }
  }
}
