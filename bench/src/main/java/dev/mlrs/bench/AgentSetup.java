package dev.mlrs.bench;

import dev.mlrs.agent.app.AgentSettings;
import java.time.Duration;
import java.util.List;

/**
 * How an agent is run for a benchmark: its delivery guarantee and commit interval.
 *
 * @param label          how the table names the setup
 * @param exactlyOnce    exactly-once processing (true) or at-least-once
 * @param commitInterval Kafka Streams commit interval; under exactly-once it is the floor of a round trip
 */
public record AgentSetup(String label, boolean exactlyOnce, Duration commitInterval) {

  /**
   * At-least-once with idempotent serving (docs/adr/0010). Its round trip does not wait for the commit; the
   * commit interval bounds how many steps a crash re-delivers (the job state keeps the last 8 decisions).
   */
  public static final AgentSetup AT_LEAST_ONCE =
      new AgentSetup("agent, at-least-once + idempotent serving, commit 20 ms (default)", false, Duration.ofMillis(20));
  public static final AgentSetup EXACTLY_ONCE_COMMIT_20MS =
      new AgentSetup("agent, exactly-once, commit 20 ms", true, Duration.ofMillis(20));
  public static final AgentSetup EXACTLY_ONCE_KAFKA_DEFAULT =
      new AgentSetup("agent, exactly-once, commit 100 ms (Kafka's EOS default)", true, Duration.ofMillis(100));

  /** The setups whose LR round trip the table compares with a raw Kafka ping-pong. */
  public static final List<AgentSetup> ROUND_TRIP = List.of(AT_LEAST_ONCE, EXACTLY_ONCE_COMMIT_20MS,
      EXACTLY_ONCE_KAFKA_DEFAULT);

  /** The setups whose throughput the table reports. */
  public static final List<AgentSetup> THROUGHPUT = List.of(AT_LEAST_ONCE, EXACTLY_ONCE_COMMIT_20MS);

  /** {@code base} run this way, on its own topics (prefix) and state directory so that setups never share state. */
  AgentSettings applyTo(AgentSettings base, String prefix) {
    return base.withTopicPrefix(prefix).withExactlyOnce(exactlyOnce).withCommitInterval(commitInterval)
        .withStateDir(base.stateDir().resolve(prefix));
  }

  /** "exactly-once" or "at-least-once". */
  String delivery() {
    return exactlyOnce ? "exactly-once" : "at-least-once";
  }
}
