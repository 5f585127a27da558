package dev.mlrs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * An agent instance in a JVM of its own, as a deployment runs them: started from a properties file, stopped
 * with SIGTERM (a clean shutdown: it leaves the consumer group at once). Its output goes to a log file, which
 * also tells when it serves.
 */
public final class AgentProcess implements AutoCloseable {
  /** How to start one: the command line of an agent reading {@code config}, e.g. {@code mlrs agent --config}. */
  public interface Launcher {
    List<String> command(Path config);
  }

  private final Process process;
  private final Path log;

  private AgentProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static AgentProcess start(Launcher launcher, Properties config, Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".properties");
    try (var out = Files.newBufferedWriter(file)) {
      config.store(out, "agent instance " + name + " (mlrs bench, scale-out)");
    }
    Path log = dir.resolve(name + ".log");
    Process process = new ProcessBuilder(launcher.command(file)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    return new AgentProcess(process, log);
  }

  /** Waits until the instance says it serves (its first RUNNING). */
  void awaitServing(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!logContains("agent running on")) {
      if (!process.isAlive()) {
        throw new IllegalStateException("agent instance exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("agent instance not serving after " + limit + "; see " + log);
      }
      Thread.sleep(100);
    }
  }

  /** True when the instance's last state change was to RUNNING (no rebalance under way). */
  boolean running() {
    try {
      List<String> changes = Files.readAllLines(log).stream().filter(l -> l.contains("agent state ")).toList();
      return !changes.isEmpty() && changes.get(changes.size() - 1).endsWith("-> RUNNING");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean logContains(String text) {
    try {
      return Files.exists(log) && Files.readString(log).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM, and waits for the clean shutdown. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }
}
