package dev.mlrs.agent.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent does when a stream thread dies. Most such failures are transient (a broker paused or restarted
 * fences the thread's transactional producer: InvalidTxnStateException, ProducerFencedException, timeouts), and a
 * fresh thread with a fresh producer continues from the last commit under exactly-once: REPLACE_THREAD. A failure
 * that keeps coming back (more than {@code maxReplacements} within {@code window}) is not transient: the instance
 * shuts down, goes to ERROR, and {@link AgentHealth} turns that into a non-zero exit so that a supervisor restarts
 * the process. Errors of the JVM itself (OutOfMemoryError and the like) shut down at once.
 */
public final class StreamFailurePolicy implements StreamsUncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StreamFailurePolicy.class);

  private final int maxReplacements;
  private final long windowMillis;
  private final LongSupplier clockMillis;
  private final Deque<Long> replacements = new ArrayDeque<>();

  public StreamFailurePolicy(int maxReplacements, Duration window, LongSupplier clockMillis) {
    this.maxReplacements = maxReplacements;
    this.windowMillis = window.toMillis();
    this.clockMillis = clockMillis;
  }

  /** The agent's policy: up to 5 replacements within 10 minutes. */
  public static StreamFailurePolicy standard() {
    return new StreamFailurePolicy(5, Duration.ofMinutes(10), System::currentTimeMillis);
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable failure) {
    if (failure instanceof VirtualMachineError) {
      LOG.error("agent stream thread failed with a JVM error; shutting this instance down", failure);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    long now = clockMillis.getAsLong();
    while (!replacements.isEmpty() && now - replacements.peekFirst() > windowMillis) {
      replacements.pollFirst();
    }
    if (replacements.size() >= maxReplacements) {
      LOG.error("agent stream thread failed again ({} replacements within {} s); shutting this instance down so"
          + " that it exits and its supervisor restarts it", replacements.size(), windowMillis / 1000, failure);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    replacements.addLast(now);
    LOG.warn("agent stream thread failed; replacing it (continues from the last commit)", failure);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
