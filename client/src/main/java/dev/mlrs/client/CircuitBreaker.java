package dev.mlrs.client;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops a job from waiting the full reply timeout at every step while the service is down. After
 * {@code threshold} consecutive steps without a reply (timeouts or failed sends) the breaker opens: for
 * {@code coolDown} every step gets its fallback LR at once, without being sent. Then one step is let through as a
 * probe: a reply closes the breaker, another timeout opens it for a further cool-down. Thread-safe.
 */
final class CircuitBreaker {
  /** Consecutive timeouts that open the breaker. */
  static final int DEFAULT_THRESHOLD = 3;
  /** How long an open breaker serves the fallback before it tries again. */
  static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(30);

  private final int threshold;
  private final long coolDownNanos;
  private final LongSupplier nanoClock;
  private int consecutiveTimeouts;
  private boolean open;
  private long openedAtNanos;
  private boolean probing;

  CircuitBreaker(int threshold, Duration coolDown, LongSupplier nanoClock) {
    if (threshold < 1 || coolDown.isNegative()) {
      throw new IllegalArgumentException("threshold must be >= 1 and the cool-down not negative");
    }
    this.threshold = threshold;
    this.coolDownNanos = coolDown.toNanos();
    this.nanoClock = nanoClock;
  }

  static CircuitBreaker standard() {
    return new CircuitBreaker(DEFAULT_THRESHOLD, DEFAULT_COOL_DOWN, System::nanoTime);
  }

  /**
   * True when a step may be sent: the breaker is closed, or its cool-down is over and no probe is out yet (this
   * step becomes the probe).
   */
  synchronized boolean allowRequest() {
    if (!open) {
      return true;
    }
    if (!probing && nanoClock.getAsLong() - openedAtNanos >= coolDownNanos) {
      probing = true;
      return true;
    }
    return false;
  }

  /** A reply arrived: the service is back. */
  synchronized void onReply() {
    consecutiveTimeouts = 0;
    open = false;
    probing = false;
  }

  /** A step got no reply in time (or could not be sent). */
  synchronized void onTimeout() {
    consecutiveTimeouts++;
    if (probing || (!open && consecutiveTimeouts >= threshold)) {
      open = true;
      probing = false;
      openedAtNanos = nanoClock.getAsLong();
    }
  }

  synchronized boolean isOpen() {
    return open;
  }

  /** Milliseconds until an open breaker lets a probe through (0 when closed or due). */
  synchronized long millisUntilRetry() {
    if (!open) {
      return 0;
    }
    return Math.max(0, (coolDownNanos - (nanoClock.getAsLong() - openedAtNanos)) / 1_000_000);
  }
}
