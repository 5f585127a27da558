package dev.mlrs.agent.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one agent instance against an existing cluster:
 * {@code AgentMain --bootstrap-servers host:9092 [--config agent.properties]}. (The {@code mlrs agent}
 * command adds an embedded broker when no cluster is given.)
 */
public final class AgentMain {

  private AgentMain() {
  }

  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bootstrap-servers" -> props.put(AgentConfigFile.BOOTSTRAP, args[++i]);
        case "--config" -> props.putAll(read(Path.of(args[++i])));
        default -> {
          System.err.println("usage: AgentMain --bootstrap-servers HOST:PORT [--config FILE]");
          System.exit(2);
        }
      }
    }
    AgentSettings settings = AgentConfigFile.settings(props);
    CountDownLatch stop = new CountDownLatch(1);
    try (MlrsAgent agent = MlrsAgent.start(settings, Duration.ofMinutes(2))) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      System.out.println("agent running; Ctrl-C stops it");
      stop.await();
    }
  }

  private static Properties read(Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    }
    return p;
  }
}
