package dev.mlrs.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

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
    return arguments(clusterId, serverProperties, staticQuorum, Map.of());
  }

  /**
   * With SCRAM users (name to password) written into the bootstrap metadata (KIP-900), so that they can log in
   * from the broker's first moment, the broker itself included.
   */
  static List<String> arguments(String clusterId, String serverProperties, boolean staticQuorum,
      Map<String, String> scramUsers) {
    List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", serverProperties));
    if (!staticQuorum) {
      args.add("--standalone");
    }
    new TreeMap<>(scramUsers).forEach((name, password) -> {
      args.add("--add-scram");
      args.add(BrokerSecurity.MECHANISM + "=[name=" + name + ",password=" + password + "]");
    });
    return args;
  }

  /**
   * Formats, or throws with the tool's exit code; the tool's own output goes to stdout (the broker log). Whether
   * the quorum is static is read from the server.properties itself, so that the file alone decides.
   */
  static void format(String clusterId, String serverProperties, Map<String, String> scramUsers) {
    List<String> args = arguments(clusterId, serverProperties, hasStaticQuorum(Path.of(serverProperties)),
        scramUsers);
    System.out.println("mlrs-broker: formatting the KRaft storage: kafka-storage " + String.join(" ",
        arguments(clusterId, serverProperties, hasStaticQuorum(Path.of(serverProperties)), Map.of()))
        + (scramUsers.isEmpty() ? "" : " with SCRAM users " + new TreeMap<>(scramUsers).keySet()));
    int exitCode = kafka.tools.StorageTool.execute(args.toArray(String[]::new), System.out);
    if (exitCode != 0) {
      throw new IllegalStateException("formatting the KRaft storage failed with exit code " + exitCode
          + " (kafka-storage " + String.join(" ", args) + ")");
    }
  }

  /** Reads the SCRAM users the parent left for the format (name=password lines) and deletes the file. */
  static Map<String, String> takeScramUsers(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the SCRAM users in " + file, e);
    }
    Map<String, String> users = new TreeMap<>();
    p.stringPropertyNames().forEach(name -> users.put(name, p.getProperty(name)));
    return users;
  }

  /** Leaves the SCRAM users for the child's format in a file only its owner can read. */
  static void writeScramUsers(Map<String, String> users, Path file) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
      Properties p = new Properties();
      p.putAll(users);
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        p.store(out, "SCRAM users for the KRaft format; deleted by the broker once read");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
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
