package dev.mlrs.client;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread that reads the job's partition of the lr topic and hands every record to the
 * client. It owns the consumer from start to close; {@link #stop()} wakes it up from any thread.
 * Errors never end the thread: a dead poller would turn every later step into a timeout.
 */
final class DecisionPoller implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(DecisionPoller.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  private static final long ERROR_BACKOFF_MILLIS = 100;

  private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
  private final Consumer<ConsumerRecord<String, byte[]>> handler;
  private final Thread thread;
  private volatile boolean stopping;

  DecisionPoller(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
                 Consumer<ConsumerRecord<String, byte[]>> handler, String jobId) {
    this.consumer = consumer;
    this.handler = handler;
    this.thread = new Thread(this, "mlrs-client-" + jobId + "-replies");
    this.thread.setDaemon(true); // never keeps a finished training job alive
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    long errors = 0;
    try {
      while (!stopping) {
        try {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
            handler.accept(record);
          }
        } catch (WakeupException e) {
          // stop() woke us; the loop condition decides
        } catch (RuntimeException e) {
          errors++;
          if (errors == 1 || errors % 100 == 0) {
            log.warn("mlrs client: reading decisions failed ({} times so far); retrying", errors, e);
          }
          sleepQuietly(ERROR_BACKOFF_MILLIS);
        }
      }
    } finally {
      try {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
      } catch (RuntimeException e) {
        log.debug("mlrs client: closing the consumer failed", e);
      }
    }
  }

  /** Stops the thread and waits (bounded) until it has closed the consumer. */
  void stop() {
    stopping = true;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }
}
