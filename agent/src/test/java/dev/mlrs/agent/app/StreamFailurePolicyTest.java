package dev.mlrs.agent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** A dead stream thread is replaced while failures are rare; a failure that keeps coming back shuts down. */
class StreamFailurePolicyTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final StreamFailurePolicy policy = new StreamFailurePolicy(3, Duration.ofMinutes(10), clock::get);

  private static Throwable fenced() {
    return new StreamsException(new InvalidTxnStateException(
        "The producer attempted a transactional operation in an invalid state"));
  }

  @Test
  void aFencedProducerAfterABrokerPauseReplacesTheThread() {
    assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, policy.handle(fenced()));
  }

  @Test
  void moreThanTheAllowedReplacementsWithinTheWindowShutTheInstanceDown() {
    for (int i = 0; i < 3; i++) {
      assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, policy.handle(fenced()));
      clock.addAndGet(1000);
    }
    assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, policy.handle(fenced()));
  }

  @Test
  void replacementsOlderThanTheWindowNoLongerCount() {
    for (int i = 0; i < 3; i++) {
      assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, policy.handle(fenced()));
    }
    clock.addAndGet(Duration.ofMinutes(11).toMillis());
    assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, policy.handle(fenced()));
  }

  @Test
  void aJvmErrorShutsDownAtOnce() {
    assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, policy.handle(new OutOfMemoryError("test")));
  }
}
