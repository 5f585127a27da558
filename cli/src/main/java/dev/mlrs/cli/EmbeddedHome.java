package dev.mlrs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where the embedded broker keeps its data and the agent its Streams state between commands, so that the
 * records of a {@code demo} or {@code train} can be replayed afterwards and a second command finds the
 * learners of the first. Both live in one folder because they belong together: a state directory that
 * outlives its broker's data holds offsets the broker no longer has (Kafka Streams then reports the task as
 * corrupted), so {@code --fresh} wipes both.
 *
 * <pre>
 * runs/embedded/          (or -Dmlrs.embedded.dir / MLRS_EMBEDDED_DIR)
 *   broker/               the broker's data and broker.log
 *   agent-state/          the agent's Kafka Streams state
 *   .lock                 held by the one command using the folder
 *   in-use                address and pid of that command's broker
 * </pre>
 */
final class EmbeddedHome implements AutoCloseable {
  static final String PROPERTY = "mlrs.embedded.dir";
  static final String ENV = "MLRS_EMBEDDED_DIR";
  /** Set by the launcher to the project folder; without it the folder above that holds mlrs' scripts/. */
  static final String HOME_PROPERTY = "mlrs.home";
  private static final String PROJECT_MARKER = "scripts/setup-data.sh";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final boolean keptData;

  private EmbeddedHome(Path dir, FileChannel lockChannel, FileLock lock, boolean keptData) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.keptData = keptData;
  }

  /** The folder: the system property, the environment variable, or {@code runs/embedded} of the project. */
  static Path locate() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property).toAbsolutePath();
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath();
    }
    return projectHome().resolve("runs").resolve("embedded");
  }

  private static Path projectHome() {
    String home = System.getProperty(HOME_PROPERTY);
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath();
    }
    Path cwd = Path.of("").toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(PROJECT_MARKER))) {
        return p;
      }
    }
    return cwd;
  }

  /**
   * Takes the folder for this command: creates it, locks it (one command at a time), and with {@code fresh}
   * deletes what earlier runs left.
   *
   * @throws IllegalStateException when another command holds the folder
   */
  static EmbeddedHome open(Path dir, boolean fresh) {
    try {
      Files.createDirectories(dir);
      FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException("another mlrs command is using the embedded broker in " + dir
            + inUseBy(dir) + ". Attach to it with --bootstrap-servers, or stop it first.");
      }
      if (fresh) {
        deleteTree(dir.resolve("broker"));
        deleteTree(dir.resolve("agent-state"));
      }
      boolean kept = Files.isDirectory(dir.resolve("broker"));
      return new EmbeddedHome(dir, channel, lock, kept);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use " + dir + " for the embedded broker: " + e.getMessage(), e);
    }
  }

  private static String inUseBy(Path dir) {
    try {
      String text = Files.readString(dir.resolve("in-use"), StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "" : " (" + text + ")";
    } catch (IOException e) {
      return "";
    }
  }

  Path dir() {
    return dir;
  }

  Path brokerDir() {
    return dir.resolve("broker");
  }

  Path stateDir() {
    return dir.resolve("agent-state");
  }

  /** True when an earlier run left broker data that this command continues. */
  boolean keptData() {
    return keptData;
  }

  /** Records who uses the folder, for the message another command gets. */
  void markInUse(String bootstrapServers) {
    try {
      Files.writeString(dir.resolve("in-use"), "broker at " + bootstrapServers + ", mlrs pid "
          + ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Only the wording of another command's error depends on it.
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(dir.resolve("in-use"));
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
