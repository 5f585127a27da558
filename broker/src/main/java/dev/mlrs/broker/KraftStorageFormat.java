package dev.mlrs.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Formats a fresh KRaft log directory with Kafka's StorageTool. Runs inside the broker child JVM, right
 * before the broker itself, which saves a second JVM start (1.5-4 s here).
 */
final class KraftStorageFormat {

  private KraftStorageFormat() {
  }

  /**
   * The StorageTool arguments. {@code --standalone} makes this node alone the initial voter set of the
   * dynamic controller quorum; Kafka 4 requires it (or --initial-controllers) when controller.quorum.voters
   * is not set. A node of a static quorum (controller.quorum.voters set) must be formatted without it.
   */
  static List<String> arguments(String clusterId, String serverProperties, boolean staticQuorum) {
    List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", serverProperties));
    if (!staticQuorum) {
      args.add("--standalone");
    }
    return args;
  }

  /**
   * Formats, or throws with the tool's exit code; the tool's own output goes to stdout (the broker log). Whether
   * the quorum is static is read from the server.properties itself, so that the file alone decides.
   */
  static void format(String clusterId, String serverProperties) {
    List<String> args = arguments(clusterId, serverProperties, hasStaticQuorum(Path.of(serverProperties)));
    System.out.println("mlrs-broker: formatting the KRaft storage: kafka-storage " + String.join(" ", args));
    int exitCode = kafka.tools.StorageTool.execute(args.toArray(String[]::new), System.out);
    if (exitCode != 0) {
      throw new IllegalStateException("formatting the KRaft storage failed with exit code " + exitCode
          + " (kafka-storage " + String.join(" ", args) + ")");
    }
  }

  static boolean hasStaticQuorum(Path serverProperties) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(serverProperties, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + serverProperties, e);
    }
    String voters = p.getProperty("controller.quorum.voters");
    return voters != null && !voters.isBlank();
  }
}
