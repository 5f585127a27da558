package dev.mlrs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerLogTest {

  @Test
  void looksOnlyAtTheLinesOfTheCurrentRun(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broker.log");
    Files.writeString(file, "[t] ERROR an error of the previous run (x)\n");

    BrokerLog log = BrokerLog.startingNow(file);
    String run = IntStream.range(0, 50).mapToObj(i -> "[t] INFO line " + i + " (x)").collect(Collectors.joining("\n"))
        + "\n[t] ERROR Unable to start (y)\norg.example.SomeException: port taken\n\tat somewhere\n";
    Files.writeString(file, run, StandardOpenOption.APPEND);

    assertEquals(Optional.of("[t] ERROR Unable to start (y) / org.example.SomeException: port taken"),
        log.firstError());
    List<String> tail = log.lastLines(BrokerLog.TAIL_LINES);
    assertEquals(BrokerLog.TAIL_LINES, tail.size());
    assertEquals("\tat somewhere", tail.get(tail.size() - 1));
    assertTrue(log.excerpt().startsWith("first error in the broker log: [t] ERROR Unable to start (y)"), log.excerpt());
  }

  @Test
  void aMissingFileStillGivesAMessage(@TempDir Path dir) {
    BrokerLog log = BrokerLog.startingNow(dir.resolve("never-written.log"));
    assertTrue(log.excerpt().contains("cannot read"), log.excerpt());
  }
}
