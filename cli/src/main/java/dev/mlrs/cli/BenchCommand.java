package dev.mlrs.cli;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.bench.Benchmarks;
import dev.mlrs.bench.Measurement;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the benchmark table recorded in BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: cell step time, LR round trip vs a raw Kafka ping-pong, agent throughput.")
final class BenchCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Option(names = "--round-trips", defaultValue = "500",
      description = "Round trips per setup (default: ${DEFAULT-VALUE}).")
  int roundTrips;

  @Option(names = "--jobs", defaultValue = "1000",
      description = "Jobs in the throughput backlog (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--steps", defaultValue = "50",
      description = "Steps per job in the backlog (default: ${DEFAULT-VALUE}).")
  int steps;

  @Override
  public Integer call() throws Exception {
    try (Cluster kafka = Cluster.open(cluster, System.out)) {
      AgentSettings base = kafka.agentSettings();
      System.out.println(table(Benchmarks.run(base, roundTrips, jobs, steps, System.out)));
    }
    return 0;
  }

  static String table(List<Measurement> rows) {
    TextTable table = new TextTable("measure", "setup", "p50", "p99", "vs raw ping-pong (p50)");
    for (Measurement m : rows) {
      table.row(m.measure(), m.setup(), m.unit().format(m.p50()), m.unit().format(m.p99()),
          Double.isNaN(m.vsPingPong()) ? "" : String.format("%.2f", m.vsPingPong()));
    }
    return table.toString();
  }
}
