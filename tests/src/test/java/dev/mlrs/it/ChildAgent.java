package dev.mlrs.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An agent instance in its own JVM, started the way users start one ({@code mlrs agent --config FILE}), so
 * that a test can SIGKILL it. Its class path is the test class path without the ND4J/DL4J jars: an agent
 * must never need them.
 */
final class ChildAgent implements AutoCloseable {
  /** Maven groups of ND4J, DL4J and their native libraries (JavaCPP, OpenBLAS): never on an agent's class path. */
  private static final List<String> DL4J_GROUPS = List.of("org/nd4j", "org/deeplearning4j", "org/bytedeco");

  /** Starts of an agent whose start-up probe of the broker timed out (a loaded machine) before the test fails. */
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final List<String> output = new ArrayList<>();

  private ChildAgent(Process process) {
    this.process = process;
  }

  static ChildAgent start(Properties config, Path configFile) {
    return start(config, configFile, List.of());
  }

  /** @param jvmOptions extra JVM options, e.g. {@code -Xlog:class+load:file=...} */
  static ChildAgent start(Properties config, Path configFile, List<String> jvmOptions) {
    try {
      try (var out = Files.newOutputStream(configFile)) {
        config.store(out, "child agent");
      }
      List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
      command.addAll(jvmOptions);
      command.addAll(List.of("-cp", classPathWithoutDl4j(), "dev.mlrs.cli.Mlrs", "agent", "--config",
          configFile.toString()));
      if (config.getProperty("mlrs.http.port") == null) {
        command.addAll(List.of("--http-port", "0"));   // several children at once must not compete for a port
      }
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.redirectErrorStream(true);
      for (int attempt = 1; ; attempt++) {
        ChildAgent agent = new ChildAgent(builder.start());
        if (agent.awaitRunning()) {
          return agent;
        }
        if (attempt == START_ATTEMPTS) {
          throw new IllegalStateException("child agent did not start in " + START_ATTEMPTS + " attempts; its output:\n"
              + String.join("\n", agent.lastLines()));
        }
        // On a loaded machine the broker may not answer the agent's start-up probe in time; the agent then
        // exits at once (as a user's would), and the test starts it again.
        System.out.println("child agent exited before running (attempt " + attempt + "): " + agent.lastLines());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The test JVM's class path less every ND4J/DL4J jar. */
  static String classPathWithoutDl4j() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !isDl4jJar(entry))
        .collect(Collectors.joining(File.pathSeparator));
  }

  static boolean isDl4jJar(String classPathEntry) {
    String path = classPathEntry.replace(File.separatorChar, '/');
    return path.endsWith(".jar") && DL4J_GROUPS.stream().anyMatch(group -> path.contains("/" + group + "/"));
  }

  /** True when the agent runs; false when it exited early because the broker did not answer its probe. */
  private boolean awaitRunning() {
    CountDownLatch running = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          synchronized (output) {
            output.add(line);
          }
          if (line.startsWith("Agent running")) {
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
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!running.await(1, TimeUnit.SECONDS)) {
        if (!process.isAlive()) {
          reader.join(5000);   // the last lines of its output
          if (String.join("\n", lastLines()).contains("did not answer as a Kafka cluster")) {
            return false;
          }
        }
        if (System.nanoTime() > deadline || !process.isAlive()) {
          process.destroyForcibly();
          throw new IllegalStateException("child agent did not start; its output:\n"
              + String.join("\n", lastLines()));
        }
      }
      return true;
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
