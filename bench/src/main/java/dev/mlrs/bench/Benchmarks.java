package dev.mlrs.bench;

import dev.mlrs.agent.app.AgentSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmark table: every setup measured in one run on one broker, side by side, so that ratios are
 * comparable on a noisy machine (medians, and p99 for latencies).
 */
public final class Benchmarks {
  /** Rounds of the drain-rate measurements, taken in turn. */
  static final int THROUGHPUT_ROUNDS = 3;
  /**
   * Unreported full rounds first: the agent's drain rate kept rising over its first drains in one JVM
   * (2.4k, 4.5k, 9.8k, 10.8k reports/s: JIT of the cell, Avro, RocksDB's JNI path), the passthrough's too.
   */
  static final int WARM_UP_ROUNDS = 2;
  /** Steps per arm and rounds of the client-overhead measurement. */
  static final int CLIENT_STEPS = 400;
  static final int CLIENT_ROUNDS = 3;

  private Benchmarks() {
  }

  /**
   * Measures every row; {@code base} says where the broker is (each setup gets its own topic prefix).
   *
   * @param roundTrips round trips per latency setup
   * @param jobs       jobs in the throughput backlog
   * @param steps      steps per job in the backlog
   */
  public static List<Measurement> run(AgentSettings base, int roundTrips, int jobs, int steps, PrintStream progress)
      throws Exception {
    return run(base, EnumSet.complementOf(EnumSet.of(Part.SCALE_OUT)), roundTrips, jobs, steps, ManyJobs.DEFAULT,
        null, progress);
  }

  /** The table's parts: cell math, LR round trips, drain rates. */
  public enum Part { CELL, LATENCY, THROUGHPUT, JOBS, CLIENT, SCALE_OUT }

  /** How the scale-out part starts an agent instance in a JVM of its own, and where it keeps its files. */
  public record Instances(AgentProcess.Launcher launcher, Path dir) {
  }

  /**
   * The concurrent-jobs part: {@code jobs} jobs reporting {@code steps} steps each, {@code reportsPerSecond} in
   * all.
   */
  public record ManyJobs(int jobs, int steps, double reportsPerSecond) {
    public static final ManyJobs DEFAULT = new ManyJobs(10_000, 6, 2_000);
  }

  /** Measures the rows of the given parts only. */
  public static List<Measurement> run(AgentSettings base, Set<Part> parts, int roundTrips, int jobs, int steps,
                                      ManyJobs many, Instances instances, PrintStream progress) throws Exception {
    List<Measurement> rows = new ArrayList<>();
    if (parts.contains(Part.CELL)) {
      cellRows(rows, progress);
    }
    // Topics of their own per run: the embedded broker keeps its data between commands, and a backlog must
    // not land on top of an earlier run's.
    String run = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    int n = 0;
    if (parts.contains(Part.LATENCY)) {
      n = latencyRows(rows, base, run, roundTrips, progress);
    }
    if (parts.contains(Part.THROUGHPUT)) {
      throughputRows(rows, base, run, n, jobs, steps, progress);
    }
    if (parts.contains(Part.JOBS)) {
      manyJobsRows(rows, AgentSetup.AT_LEAST_ONCE.applyTo(base, run + "jobs."), many, progress);
    }
    if (parts.contains(Part.CLIENT)) {
      clientRows(rows, AgentSetup.AT_LEAST_ONCE.applyTo(base, run + "client."), progress);
    }
    if (parts.contains(Part.SCALE_OUT)) {
      if (instances == null) {
        throw new IllegalArgumentException("the scale-out part needs a way to start agent instances");
      }
      scaleOutRows(rows, base, run, jobs, steps, instances, progress);
    }
    return rows;
  }

  private static void cellRows(List<Measurement> rows, PrintStream progress) {
    progress.println("cell step ...");
    CellBenchmark.Result cell = CellBenchmark.run(21, 20_000);
    rows.add(Measurement.single("one MLR-SNet cell step (forward)", "plain Java, H=50", Measurement.Unit.MICROSECONDS,
        cell.forwardMicros()));
    rows.add(Measurement.single("one backward pass (11,776 weights)", "plain Java, H=50",
        Measurement.Unit.MICROSECONDS, cell.backwardMicros()));
  }

  /** The round-trip rows; returns how many topic prefixes it used. */
  private static int latencyRows(List<Measurement> rows, AgentSettings base, String run, int roundTrips,
                                 PrintStream progress) throws Exception {
    progress.println("raw Kafka ping-pong ...");
    Percentiles raw = new Percentiles(PingPong.roundTripsMillis(base.connection(), run + "raw.", roundTrips));
    rows.add(new Measurement("request/reply round trip", "raw Kafka ping-pong (no Streams)",
        Measurement.Unit.MILLISECONDS, raw.median(), raw.at(0.99), 1.0));
    int n = 0;
    for (AgentSetup setup : AgentSetup.ROUND_TRIP) {
      progress.println(setup.label() + " ...");
      AgentSettings s = setup.applyTo(base, run + "rt" + (n++) + ".");
      Percentiles p = new Percentiles(RoundTripBenchmark.roundTripsMillis(s, roundTrips));
      rows.add(new Measurement("LR round trip (one job)", setup.label(), Measurement.Unit.MILLISECONDS, p.median(),
          p.at(0.99), p.median() / raw.median()));
    }
    return n;
  }

  /**
   * Drain rates, agent and no-op passthrough under each guarantee: {@link #WARM_UP_ROUNDS} unreported rounds,
   * then {@link #THROUGHPUT_ROUNDS} rounds in turn; the table has each setup's median, and the agent's ratio is
   * the median of the per-round ratios.
   */
  private static void throughputRows(List<Measurement> rows, AgentSettings base, String run, int firstPrefix, int jobs,
                                     int steps, PrintStream progress) throws Exception {
    int[] n = {firstPrefix};
    java.util.function.Function<AgentSetup, AgentSettings> fresh = setup -> setup.applyTo(base, run + "tp" + (n[0]++)
        + ".");
    for (int w = 0; w < WARM_UP_ROUNDS; w++) {
      progress.printf("throughput: warm-up round %d/%d (not reported) ...%n", w + 1, WARM_UP_ROUNDS);
      for (AgentSetup setup : AgentSetup.THROUGHPUT) {
        ThroughputBenchmark.reportsPerSecond(fresh.apply(setup), jobs, steps, ThroughputBenchmark.PASSTHROUGH);
        ThroughputBenchmark.reportsPerSecond(fresh.apply(setup), jobs, steps, ThroughputBenchmark.AGENT);
      }
    }
    List<AgentSetup> setups = AgentSetup.THROUGHPUT;
    double[][] ceiling = new double[setups.size()][THROUGHPUT_ROUNDS];
    double[][] agent = new double[setups.size()][THROUGHPUT_ROUNDS];
    double[][] ratio = new double[setups.size()][THROUGHPUT_ROUNDS];
    long[] stateBytes = null;
    for (int round = 0; round < THROUGHPUT_ROUNDS; round++) {
      for (int i = 0; i < setups.size(); i++) {
        AgentSetup setup = setups.get(i);
        progress.printf("throughput round %d/%d, %s: passthrough ...%n", round + 1, THROUGHPUT_ROUNDS,
            setup.delivery());
        ceiling[i][round] = ThroughputBenchmark.reportsPerSecond(fresh.apply(setup), jobs, steps,
            ThroughputBenchmark.PASSTHROUGH);
        progress.printf("throughput round %d/%d, %s: agent ...%n", round + 1, THROUGHPUT_ROUNDS, setup.delivery());
        AgentSettings settings = fresh.apply(setup);
        agent[i][round] = ThroughputBenchmark.reportsPerSecond(settings, jobs, steps, ThroughputBenchmark.AGENT);
        ratio[i][round] = agent[i][round] / ceiling[i][round];
        progress.printf("  %.0f /s against %.0f /s (%.2f)%n", agent[i][round], ceiling[i][round], ratio[i][round]);
        if (stateBytes == null) {
          stateBytes = ThroughputBenchmark.jobStateBytes(settings);
        }
      }
    }
    for (int i = 0; i < setups.size(); i++) {
      String delivery = setups.get(i).delivery();
      rows.add(Measurement.rate("records copied per second (the ceiling)",
          "no-op passthrough, " + delivery + ", same configuration, " + jobs + " jobs", median(ceiling[i]), 1.0));
      rows.add(Measurement.rate("step reports served per second",
          "agent, " + delivery + ", 1 instance, 1 thread, " + jobs + " jobs", median(agent[i]), median(ratio[i])));
    }
    rows.add(Measurement.single("job state, median job", "FROZEN on default (job-state changelog value)",
        Measurement.Unit.BYTES, stateBytes[0]));
    rows.add(Measurement.single("job state, largest job", "FROZEN on default (job-state changelog value)",
        Measurement.Unit.BYTES, stateBytes[1]));
  }

  private static void manyJobsRows(List<Measurement> rows, AgentSettings settings, ManyJobs many, PrintStream progress)
      throws Exception {
    progress.printf("%d concurrent jobs, %d steps each, %.0f reports/s in all ...%n", many.jobs(), many.steps(),
        many.reportsPerSecond());
    ConcurrentJobsBenchmark.Result r = ConcurrentJobsBenchmark.run(settings, many.jobs(), many.steps(),
        many.reportsPerSecond(), progress);
    Percentiles rtt = new Percentiles(r.roundTripsMs());
    String setup = "agent, at-least-once, " + many.jobs() + " jobs, " + String.format("%.0f", many.reportsPerSecond())
        + " reports/s offered";
    rows.add(new Measurement("LR round trip, many jobs at once", setup, Measurement.Unit.MILLISECONDS, rtt.median(),
        rtt.at(0.99), Double.NaN));
    rows.add(Measurement.single("replies per second, many jobs at once", setup, Measurement.Unit.PER_SECOND,
        r.repliesPerSecond()));
    rows.add(Measurement.single("job state, median job", many.jobs() + " FROZEN jobs (job-state changelog value)",
        Measurement.Unit.BYTES, r.stateBytes()[0]));
    rows.add(Measurement.single("job state, largest job", many.jobs() + " FROZEN jobs (job-state changelog value)",
        Measurement.Unit.BYTES, r.stateBytes()[1]));
  }

  private static void scaleOutRows(List<Measurement> rows, AgentSettings base, String run, int jobs, int steps,
                                   Instances instances, PrintStream progress) throws Exception {
    progress.printf("scale-out: %d partitions, agent instances in JVMs of their own ...%n",
        ScaleOutBenchmark.PARTITIONS);
    double one = Double.NaN;
    for (int n = 1; n <= 3; n++) {
      AgentSettings s = AgentSetup.AT_LEAST_ONCE.applyTo(base, run + "scale" + n + ".");
      double rate = ScaleOutBenchmark.drainRate(s, instances.launcher(), instances.dir(), n, jobs, steps, progress);
      one = n == 1 ? rate : one;
      rows.add(Measurement.rate("step reports served per second, " + ScaleOutBenchmark.PARTITIONS + " partitions",
          n + " instance(s), separate JVMs, at-least-once, " + jobs + " jobs (ratio: / 1 instance)", rate,
          rate / one));
    }
    for (int standbys = 0; standbys <= 1; standbys++) {
      AgentSettings s = AgentSetup.AT_LEAST_ONCE.applyTo(base, run + "handover" + standbys + ".");
      ScaleOutBenchmark.Handover h = ScaleOutBenchmark.handover(s, instances.launcher(), instances.dir(), standbys,
          progress);
      String setup = "3 instances, " + standbys + " standby replica(s), " + ScaleOutBenchmark.HANDOVER_JOBS
          + " jobs at " + String.format("%.0f", ScaleOutBenchmark.HANDOVER_RATE) + " reports/s";
      addRoundTrips(rows, "LR round trip, 3 instances serving", setup, h.steadyMs());
      addRoundTrips(rows, "LR round trip, while one instance leaves (25 s)", setup, h.leavingMs());
      addRoundTrips(rows, "LR round trip, after it rejoins (30 s)", setup, h.rejoinMs());
      rows.add(Measurement.single("reports never answered", setup, Measurement.Unit.COUNT, h.unanswered()));
    }
  }

  /** A row of p50 and p99, with the largest in the setup column. */
  private static void addRoundTrips(List<Measurement> rows, String measure, String setup, double[] ms) {
    Percentiles p = new Percentiles(ms);
    rows.add(new Measurement(measure, setup + String.format("; largest %.0f ms", p.at(1.0)),
        Measurement.Unit.MILLISECONDS, p.median(), p.at(0.99), Double.NaN));
  }

  private static void clientRows(List<Measurement> rows, AgentSettings settings, PrintStream progress) {
    progress.println("client overhead: a DL4J job with a local LR against the served LR ...");
    ClientOverheadBenchmark.Result r = ClientOverheadBenchmark.run(settings, CLIENT_STEPS, CLIENT_ROUNDS, progress);
    String task = ClientOverheadBenchmark.DATASET + " " + ClientOverheadBenchmark.MODEL + ", batch "
        + ClientOverheadBenchmark.BATCH;
    rows.add(Measurement.single("DL4J training step, local LR (" + task + ")", "no service",
        Measurement.Unit.MILLISECONDS, r.localStepMs()));
    rows.add(new Measurement("DL4J training step, served LR (" + task + ")",
        "agent, at-least-once (ratio: served / local step)", Measurement.Unit.MILLISECONDS, r.servedStepMs(),
        Double.NaN, 1 + r.overhead()));
    rows.add(new Measurement("DL4J training step, served LR asked one step ahead (" + task + ")",
        "agent, at-least-once, PipelinedLrSource (ratio: / local step); replies not there in time: "
            + r.waitedAhead(), Measurement.Unit.MILLISECONDS, r.pipelinedStepMs(), Double.NaN,
        1 + r.pipelinedOverhead()));
    rows.add(Measurement.single("CPU per step, training thread, local LR", "", Measurement.Unit.MICROSECONDS,
        r.localCpuMicros()));
    rows.add(Measurement.single("CPU per step, training thread, served LR", "report encoded and sent there",
        Measurement.Unit.MICROSECONDS, r.servedCpuMicros()));
    rows.add(Measurement.single("CPU per step, the client's own threads", "reply poller, producer I/O, timeouts",
        Measurement.Unit.MICROSECONDS, r.clientThreadsCpuMicros()));
    rows.add(new Measurement("LR round trip seen by that job", "client statistics, last round, not pipelined",
        Measurement.Unit.MILLISECONDS, r.client().latencyP50Ms(), r.client().latencyP99Ms(), Double.NaN));
  }

  private static double median(double[] values) {
    return new Percentiles(values).median();
  }
}
