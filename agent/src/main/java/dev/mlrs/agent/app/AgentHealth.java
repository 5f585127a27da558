package dev.mlrs.agent.app;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Watches the KafkaStreams state of an instance and says when it cannot go on. An instance in ERROR (its threads
 * are gone and will not come back) or one that stops without being asked to is a failed process: the exit code
 * {@link #FAILED_EXIT_CODE} completes {@link #failure()}, so that {@code mlrs agent} exits with it and a supervisor
 * restarts the process (a process that stays alive in ERROR would never be restarted).
 */
public final class AgentHealth implements KafkaStreams.StateListener {
  /** Exit code of an agent process whose instance failed (EX_SOFTWARE of sysexits.h). */
  public static final int FAILED_EXIT_CODE = 70;

  private final CompletableFuture<Integer> failure = new CompletableFuture<>();
  private final CompletableFuture<KafkaStreams.State> started = new CompletableFuture<>();
  private volatile boolean closing;

  @Override
  public void onChange(KafkaStreams.State now, KafkaStreams.State before) {
    if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
        || now == KafkaStreams.State.PENDING_SHUTDOWN || now == KafkaStreams.State.PENDING_ERROR) {
      started.complete(now);
    }
    boolean failed = now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR
        || (!closing && (now == KafkaStreams.State.PENDING_SHUTDOWN || now == KafkaStreams.State.NOT_RUNNING));
    if (failed) {
      failure.complete(FAILED_EXIT_CODE);
    }
  }

  /** Call before closing the instance on purpose: stopping is then not a failure. */
  public void closing() {
    closing = true;
  }

  /** Completes with the exit code when the instance failed; never completes for a healthy one. */
  public CompletableFuture<Integer> failure() {
    return failure;
  }

  /** Completes with the first of RUNNING, PENDING_SHUTDOWN, PENDING_ERROR or ERROR: the end of starting. */
  public CompletableFuture<KafkaStreams.State> started() {
    return started;
  }
}
