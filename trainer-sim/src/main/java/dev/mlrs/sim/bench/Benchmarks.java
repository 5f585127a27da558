package dev.mlrs.sim.bench;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.sim.cli.TextTable;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The benchmark table: every setup measured in one run on one broker, side by side, so that ratios are
 * comparable on a noisy machine (medians, and p99 for latencies).
 */
public final class Benchmarks {
  private Benchmarks() {
  }

  public static String run(AgentSettings base, int roundTrips, int jobs, int steps, PrintStream progress) throws Exception {
    TextTable table = new TextTable("measure", "setup", "p50", "p99", "vs raw ping-pong (p50)");
    progress.println("cell step ...");
    CellBenchmark.Result cell = CellBenchmark.run(21, 20_000);
    table.row("one MLR-SNet cell step (forward)", "plain Java, H=50", String.format("%.2f us", cell.forwardMicros()), "", "");
    table.row("one backward pass (11,776 weights)", "plain Java, H=50", String.format("%.2f us", cell.backwardMicros()), "", "");

    progress.println("raw Kafka ping-pong ...");
    Percentiles raw = new Percentiles(PingPong.roundTripsMillis(base.bootstrapServers(), "bench-raw.", roundTrips));
    table.row("request/reply round trip", "raw Kafka ping-pong (no Streams)", ms(raw.median()), ms(raw.at(0.99)), "1.00");
    String[][] setups = {
        {"agent, at-least-once", "false", "100"},
        {"agent, exactly-once, commit 20 ms (default)", "true", "20"},
        {"agent, exactly-once, commit 100 ms (Kafka's EOS default)", "true", "100"}};
    int n = 0;
    for (String[] setup : setups) {
      progress.println(setup[0] + " ...");
      AgentSettings s = variant(base, "bench-rt" + (n++) + ".", Boolean.parseBoolean(setup[1]), Long.parseLong(setup[2]));
      Percentiles p = new Percentiles(RoundTripBenchmark.roundTripsMillis(s, roundTrips));
      table.row("LR round trip (one job)", setup[0], ms(p.median()), ms(p.at(0.99)), String.format("%.2f", p.median() / raw.median()));
    }
    for (boolean exactlyOnce : new boolean[] {false, true}) {
      progress.println("throughput, exactly-once " + exactlyOnce + " ...");
      AgentSettings s = variant(base, "bench-tp" + (n++) + ".", exactlyOnce, exactlyOnce ? 20 : 100);
      double rate = ThroughputBenchmark.reportsPerSecond(s, jobs, steps);
      table.row("step reports served per second", (exactlyOnce ? "exactly-once" : "at-least-once") + ", 1 instance, 1 thread, "
          + jobs + " jobs", String.format("%.0f /s", rate), "", "");
    }
    return table.toString();
  }

  private static AgentSettings variant(AgentSettings base, String prefix, boolean exactlyOnce, long commitMs) {
    return base.withTopicPrefix(prefix).withExactlyOnce(exactlyOnce).withCommitInterval(Duration.ofMillis(commitMs))
        .withStateDir(base.stateDir().resolve(prefix));
  }

  private static String ms(double v) {
    return String.format("%.1f ms", v);
  }
}
