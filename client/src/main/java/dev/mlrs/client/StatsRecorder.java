package dev.mlrs.client;

import java.util.concurrent.atomic.AtomicLong;

/** Counts what the client sees; {@link #snapshot()} turns it into {@link ClientStats}. Thread-safe. */
final class StatsRecorder {

  private final AtomicLong reports = new AtomicLong();
  private final AtomicLong replies = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private final AtomicLong fallbacks = new AtomicLong();
  private final AtomicLong lateReplies = new AtomicLong();
  private final AtomicLong ignoredReplies = new AtomicLong();
  private final AtomicLong duplicateReplies = new AtomicLong();
  private final AtomicLong conflictingReplies = new AtomicLong();
  private final AtomicLong validationsSent = new AtomicLong();
  private final AtomicLong validationsSkipped = new AtomicLong();
  private final LatencyHistogram roundTrips = new LatencyHistogram();

  void reportSent() {
    reports.incrementAndGet();
  }

  void replyInTime(long roundTripNanos) {
    replies.incrementAndGet();
    roundTrips.record(roundTripNanos);
  }

  void rejected() {
    rejected.incrementAndGet();
  }

  void timeout() {
    timeouts.incrementAndGet();
  }

  void sendFailure() {
    sendFailures.incrementAndGet();
  }

  /** Returns the number of fallbacks so far, this one included. */
  long fallback() {
    return fallbacks.incrementAndGet();
  }

  void lateReply() {
    lateReplies.incrementAndGet();
  }

  void ignoredReply() {
    ignoredReplies.incrementAndGet();
  }

  void duplicateReply() {
    duplicateReplies.incrementAndGet();
  }

  void conflictingReply() {
    conflictingReplies.incrementAndGet();
  }

  void validationSent() {
    validationsSent.incrementAndGet();
  }

  void validationSkipped() {
    validationsSkipped.incrementAndGet();
  }

  ClientStats snapshot() {
    return new ClientStats(reports.get(), replies.get(), rejected.get(), timeouts.get(), sendFailures.get(),
        fallbacks.get(), lateReplies.get(), ignoredReplies.get(), duplicateReplies.get(), conflictingReplies.get(),
        validationsSent.get(), validationsSkipped.get(),
        roundTrips.quantileNanos(0.50) / 1e6, roundTrips.quantileNanos(0.99) / 1e6, roundTrips.maxNanos() / 1e6);
  }
}
