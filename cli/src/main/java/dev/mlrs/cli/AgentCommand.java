package dev.mlrs.cli;

import dev.mlrs.agent.app.AgentSettings;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs an agent instance until Ctrl-C; with no cluster given it also runs an embedded broker. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Run an agent instance until Ctrl-C (on an embedded broker when no cluster is given).")
final class AgentCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Mixin
  HttpPortOption http;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    CountDownLatch stop = new CountDownLatch(1);
    try (Cluster kafka = Cluster.open(cluster, out)) {
      AgentSettings settings = http.apply(kafka.agentSettings(), kafka.configures("mlrs.http.port"), out);
      kafka.startAgent(settings, out);
      out.println("bootstrap.servers=" + kafka.bootstrapServers());
      out.println("Jobs attach with: ./mlrs train --bootstrap-servers " + kafka.bootstrapServers()
          + "   (Ctrl-C stops)");
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }
}
