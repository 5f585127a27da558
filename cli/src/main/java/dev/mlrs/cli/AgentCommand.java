package dev.mlrs.cli;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.MlrsAgent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs an agent instance until Ctrl-C; with no cluster given it also runs an embedded broker. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Run an agent instance until Ctrl-C (on an embedded broker when no cluster is given).")
final class AgentCommand implements Callable<Integer> {
  /** How long a SIGTERM waits for the clean shutdown (the agent's own close waits at most 30 s). */
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(60);

  @Mixin
  ClusterOptions cluster;

  @Mixin
  HttpPortOption http;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    CountDownLatch closed = new CountDownLatch(1);
    try (Cluster kafka = Cluster.open(cluster, out)) {
      AgentSettings settings = http.apply(kafka.agentSettings(), kafka.configures("mlrs.http.port"), out);
      MlrsAgent agent = kafka.startAgent(settings, out);
      out.println("bootstrap.servers=" + kafka.bootstrapServers());
      out.println("Jobs attach with: ./mlrs train --bootstrap-servers " + kafka.bootstrapServers()
          + "   (Ctrl-C stops)");
      // SIGTERM / Ctrl-C: the JVM halts when its shutdown hooks return, so the hook waits until this thread has
      // closed the agent (it leaves the group, and its partitions move at once) and the embedded broker.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        exit.complete(0);
        try {
          closed.await(CLOSE_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      // An instance that cannot go on (state ERROR) ends the process with a non-zero code, so that a supervisor
      // restarts it instead of leaving a live process that serves nothing.
      agent.failure().thenAccept(code -> {
        System.err.println("mlrs: the agent instance failed (see the log); exiting with code " + code);
        exit.complete(code);
      });
      int code = exit.get();
      if (code != 0) {
        return code;
      }
    } finally {
      closed.countDown();
    }
    return 0;
  }
}
