package dev.mlrs.bench;

import dev.mlrs.agent.app.AgentSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark table: every setup measured in one run on one broker, side by side, so that ratios are
 * comparable on a noisy machine (medians, and p99 for latencies).
 */
public final class Benchmarks {
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
    List<Measurement> rows = new ArrayList<>();
    progress.println("cell step ...");
    CellBenchmark.Result cell = CellBenchmark.run(21, 20_000);
    rows.add(Measurement.single("one MLR-SNet cell step (forward)", "plain Java, H=50", Measurement.Unit.MICROSECONDS,
        cell.forwardMicros()));
    rows.add(Measurement.single("one backward pass (11,776 weights)", "plain Java, H=50",
        Measurement.Unit.MICROSECONDS, cell.backwardMicros()));

    progress.println("raw Kafka ping-pong ...");
    Percentiles raw = new Percentiles(PingPong.roundTripsMillis(base.connection(), "bench-raw.", roundTrips));
    rows.add(new Measurement("request/reply round trip", "raw Kafka ping-pong (no Streams)",
        Measurement.Unit.MILLISECONDS, raw.median(), raw.at(0.99), 1.0));
    int n = 0;
    for (AgentSetup setup : AgentSetup.ROUND_TRIP) {
      progress.println(setup.label() + " ...");
      AgentSettings s = setup.applyTo(base, "bench-rt" + (n++) + ".");
      Percentiles p = new Percentiles(RoundTripBenchmark.roundTripsMillis(s, roundTrips));
      rows.add(new Measurement("LR round trip (one job)", setup.label(), Measurement.Unit.MILLISECONDS, p.median(),
          p.at(0.99), p.median() / raw.median()));
    }
    for (AgentSetup setup : AgentSetup.THROUGHPUT) {
      progress.println("throughput, " + setup.delivery() + " ...");
      AgentSettings s = setup.applyTo(base, "bench-tp" + (n++) + ".");
      double rate = ThroughputBenchmark.reportsPerSecond(s, jobs, steps);
      rows.add(Measurement.single("step reports served per second",
          setup.delivery() + ", 1 instance, 1 thread, " + jobs + " jobs", Measurement.Unit.PER_SECOND, rate));
    }
    return rows;
  }
}
