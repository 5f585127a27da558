package dev.mlrs.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The broker's working directory and where things live inside it. Knows whether it created the
 * directory itself, because only such a temporary directory may be deleted on close.
 *
 * <pre>
 * dataDir/
 *   server.properties   written on every start
 *   broker.log          child JVM output (unless another log file was chosen)
 *   kafka-logs/         Kafka's log.dirs; meta.properties here means "already formatted"
 * </pre>
 */
final class BrokerDataDir {

  private final Path root;
  private final boolean temporary;

  private BrokerDataDir(Path root, boolean temporary) {
    this.root = root;
    this.temporary = temporary;
  }

  static BrokerDataDir from(Optional<Path> requested) {
    try {
      if (requested.isPresent()) {
        return new BrokerDataDir(Files.createDirectories(requested.get()), false);
      }
      return new BrokerDataDir(Files.createTempDirectory("mlrs-kafka-"), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the broker data directory " + requested.orElse(null), e);
    }
  }

  Path root() {
    return root;
  }

  boolean isTemporary() {
    return temporary;
  }

  Path serverProperties() {
    return root.resolve("server.properties");
  }

  Path defaultLogFile() {
    return root.resolve("broker.log");
  }

  Path kafkaLogDir() {
    return root.resolve("kafka-logs");
  }

  boolean isFormatted() {
    return Files.exists(kafkaLogDir().resolve("meta.properties"));
  }

  /** Deletes the directory tree, but only if this class created it. */
  void deleteIfTemporary() {
    if (temporary) {
      deleteRecursively(root);
    }
  }

  /** Deletes a directory tree (used for a cluster's folder of node folders). */
  static void deleteTree(Path dir) {
    deleteRecursively(dir);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary broker data directory " + dir, e);
    }
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
