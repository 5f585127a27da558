package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the Python client (clients/python) with Debian's /usr/bin/python3, the interpreter that sees the
 * python3-torch, python3-confluent-kafka and python3-avro packages. Where they are missing, the tests that
 * need them are skipped with a pointer to scripts/setup-python.sh, except under CI (CI=true), where that is
 * a failure: CI installs them.
 */
final class PythonEnvironment {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path REPO = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
  static final Path CLIENT = REPO.resolve("clients").resolve("python");

  /** What a finished process did. */
  record Result(int exitCode, String output) {
  }

  private PythonEnvironment() {
  }

  /** Skips the calling test (or test class, from @BeforeAll) when the Python side cannot run; fails under CI. */
  static void requireOrSkip() {
    String problem = problem();
    if (problem == null) {
      return;
    }
    String message = problem + ": run scripts/setup-python.sh (installs python3-torch, python3-confluent-kafka "
        + "and python3-avro with apt-get)";
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true and " + message);
    }
    Assumptions.assumeTrue(false, "skipped: " + message);
  }

  private static String problem() {
    if (!Files.isDirectory(CLIENT)) {
      return "no clients/python in " + REPO;
    }
    if (!Files.isExecutable(PYTHON)) {
      return PYTHON + " does not exist";
    }
    Result imports = run(List.of("-c", "import torch, confluent_kafka, avro"), Duration.ofMinutes(2), null);
    return imports.exitCode() == 0 ? null
        : PYTHON + " cannot import torch, confluent_kafka and avro (" + lastLine(imports.output()) + ")";
  }

  /**
   * Runs /usr/bin/python3 with {@code args} in the repository root, output merged and kept in {@code log}
   * (a temporary file when null); kills it after {@code timeout}.
   */
  static Result run(List<String> args, Duration timeout, Path log) {
    List<String> command = new ArrayList<>();
    command.add(PYTHON.toString());
    command.addAll(args);
    try {
      Path output = log != null ? log : Files.createTempFile("python", ".log");
      ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
          .redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the checkout
      builder.environment().put("OMP_NUM_THREADS", "1");         // small models; the machine is shared
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Result(-1, "timed out after " + timeout + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }
}
