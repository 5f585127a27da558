package dev.mlrs.cli;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.bench.BatchedCellBenchmark;
import dev.mlrs.bench.Benchmarks;
import dev.mlrs.bench.Measurement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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

  @Option(names = "--many-jobs", defaultValue = "10000",
      description = "Jobs attached at once in the concurrent-jobs part (default: ${DEFAULT-VALUE}).")
  int manyJobs;

  @Option(names = "--many-steps", defaultValue = "6",
      description = "Steps per job in the concurrent-jobs part; the first is not timed (default: ${DEFAULT-VALUE}).")
  int manySteps;

  @Option(names = "--many-rate", defaultValue = "2000",
      description = "Reports per second of all those jobs together (default: ${DEFAULT-VALUE}).")
  double manyRate;

  @Option(names = "--only", split = ",",
      description = "Only these parts of the table: cell, latency, throughput, jobs, client, scale_out (default: all).")
  String[] only;

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
      Set<Benchmarks.Part> parts = parts(only);
      OptionChecks.atLeast("--many-steps", manySteps, 2);
      Benchmarks.ManyJobs many = new Benchmarks.ManyJobs(manyJobs, manySteps, manyRate);
      Benchmarks.Instances instances = new Benchmarks.Instances(BenchCommand::agentInstance,
          Files.createTempDirectory("mlrs-bench-instances"));
      System.out.println(table(Benchmarks.run(base, parts, roundTrips, jobs, steps, many, instances, System.out)));
    }
    return 0;
  }

  /** `mlrs agent --config FILE` in a JVM of its own, with this JVM's class path. */
  private static List<String> agentInstance(Path config) {
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"), Mlrs.class.getName(), "agent",
        "--config", config.toString());
  }

  /** --only's values, in any case; all parts when it is not given. */
  static Set<Benchmarks.Part> parts(String[] names) {
    if (names == null) {
      return EnumSet.allOf(Benchmarks.Part.class);
    }
    Set<Benchmarks.Part> parts = EnumSet.noneOf(Benchmarks.Part.class);
    for (String name : names) {
      try {
        parts.add(Benchmarks.Part.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--only: unknown part '" + name
            + "' (known: cell, latency, throughput, jobs, client, scale_out)");
      }
    }
    return parts;
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
    TextTable table = new TextTable("measure", "setup", "p50 (rate)", "p99",
        "ratio (latency: p50 / ping-pong p50; rate: / passthrough rate)");
    for (Measurement m : rows) {
      table.row(m.measure(), m.setup(), m.unit().format(m.p50()), m.unit().format(m.p99()),
          Double.isNaN(m.ratio()) ? "" : String.format("%.2f", m.ratio()));
    }
    return table.toString();
  }
}
