package dev.mlrs.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An agent instance in its own JVM ({@code AgentMain}), so that a test can SIGKILL it. */
final class ChildAgent implements AutoCloseable {
  private final Process process;
  private final List<String> output = new ArrayList<>();

  private ChildAgent(Process process) {
    this.process = process;
  }

  static ChildAgent start(Properties config, Path configFile) {
    try {
      try (var out = Files.newOutputStream(configFile)) {
        config.store(out, "child agent");
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
          "dev.mlrs.agent.app.AgentMain", "--config", configFile.toString());
      builder.redirectErrorStream(true);
      ChildAgent agent = new ChildAgent(builder.start());
      agent.awaitRunning();
      return agent;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitRunning() {
    CountDownLatch running = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          synchronized (output) {
            output.add(line);
          }
          if (line.startsWith("agent running")) {
            running.countDown();
          }
        }
      } catch (IOException e) {
        // the process died: awaitRunning reports it
      }
    }, "child-agent-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!running.await(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("child agent did not start; its output:\n" + String.join("\n", lastLines()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private List<String> lastLines() {
    synchronized (output) {
      return new ArrayList<>(output.subList(Math.max(0, output.size() - 40), output.size()));
    }
  }

  /** SIGKILL: no shutdown hook, no clean close, an open transaction left behind. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
