package dev.mlrs.cli;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.bench.BatchedCellBenchmark;
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

  @Option(names = "--batched-cell", description = "Only the what-if replay's cell: plain Java vs ND4J over "
      + "--sequences loss sequences of --cell-steps steps (no broker needed).")
  boolean batchedCell;

  @Option(names = "--sequences", split = ",", defaultValue = "1,100,10000",
      description = "Sequence counts of --batched-cell (default: ${DEFAULT-VALUE}).")
  int[] sequences;

  @Option(names = "--cell-steps", defaultValue = "500",
      description = "Steps per sequence of --batched-cell (default: ${DEFAULT-VALUE}).")
  int cellSteps;

  @Override
  public Integer call() throws Exception {
    if (batchedCell) {
      OptionChecks.atLeast("--cell-steps", cellSteps, 1);
      for (int n : sequences) {
        OptionChecks.atLeast("--sequences", n, 1);
      }
      System.out.println("ND4J backend: " + BatchedCellBenchmark.backend());
      System.out.println(batchedTable(BatchedCellBenchmark.run(sequences, cellSteps, System.out)));
      return 0;
    }
    try (Cluster kafka = Cluster.open(cluster, System.out)) {
      AgentSettings base = kafka.agentSettings();
      System.out.println(table(Benchmarks.run(base, roundTrips, jobs, steps, System.out)));
    }
    return 0;
  }

  static String batchedTable(List<BatchedCellBenchmark.Row> rows) {
    TextTable table = new TextTable("sequences", "steps", "plain Java CPU (s)", "ND4J CPU (s)",
        "plain Java (us/seq-step)", "ND4J (us/seq-step)", "ND4J speed-up (CPU)", "plain Java wall (s)",
        "ND4J wall (s)", "largest difference");
    for (BatchedCellBenchmark.Row r : rows) {
      table.row(r.sequences(), r.steps(), String.format("%.3f", r.plainCpuSeconds()),
          String.format("%.3f", r.nd4jCpuSeconds()), String.format("%.2f", r.plainCpuMicrosPerStep()),
          String.format("%.2f", r.nd4jCpuMicrosPerStep()),
          String.format("%.1fx", r.plainCpuSeconds() / r.nd4jCpuSeconds()), String.format("%.3f", r.plainSeconds()),
          String.format("%.3f", r.nd4jSeconds()), String.format("%.1e", r.largestDifference()));
    }
    return table.toString();
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
