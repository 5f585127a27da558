package dev.mlrs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster address nobody answers on is reported once and quickly, before any Kafka client retries it. */
class ClusterProbeTest {

  /** A loopback port that was free a moment ago and that nothing listens on now. */
  private static int deadPort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }

  @Test
  void trainAgainstAPortNobodyListensOnFailsWithinSecondsNamingTheAddress(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("tiny.csv");
    Files.writeString(csv, "0.1,0.2,0\n0.3,0.4,1\n");
    String address = "127.0.0.1:" + deadPort();
    String[] train = {"train", "--bootstrap-servers", address, "--dataset", "csv:" + csv, "--steps", "5"};
    // The first command of a JVM loads picocli, the model and data classes: seconds on a busy machine that
    // have nothing to do with the probe, which is what the time limit below is about.
    assertEquals(1, CliRun.of(train).status());

    CliRun run = CliRun.of(train);

    assertEquals(1, run.status(), run.toString());
    assertTrue(run.err().contains("cannot reach the Kafka cluster at " + address), run.toString());
    assertTrue(run.seconds() < 10, "took " + run.seconds() + " s");
    assertFalse(run.err().contains("WARN"), "no Kafka client retries before the message:\n" + run);
    assertEquals(1, run.err().lines().filter(l -> l.contains(address)).count(), "said once:\n" + run);
  }

  @Test
  void learnersListAgainstAPortNobodyListensOnFailsTheSameWay() throws Exception {
    String address = "127.0.0.1:" + deadPort();
    CliRun run = CliRun.of("learners", "list", "--bootstrap-servers", address);
    assertEquals(1, run.status(), run.toString());
    assertTrue(run.err().contains("cannot reach the Kafka cluster at " + address), run.toString());
    assertTrue(run.seconds() < 10, "took " + run.seconds() + " s");
  }

  @Test
  void anAddressWithoutAPortIsNamed() {
    assertEquals("localhost is not HOST:PORT", ClusterProbe.connect("localhost"));
  }
}
