package dev.mlrs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The client's circuit breaker on an injected clock: opens after K timeouts, probes after the cool-down. */
class CircuitBreakerTest {
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), nanos::get);

  private void timeouts(int n) {
    for (int i = 0; i < n; i++) {
      assertTrue(breaker.allowRequest());
      breaker.onTimeout();
    }
  }

  @Test
  void staysClosedBelowTheThresholdAndAReplyResetsTheCount() {
    timeouts(2);
    breaker.onReply();
    timeouts(2);
    assertFalse(breaker.isOpen());
    assertTrue(breaker.allowRequest());
  }

  @Test
  void opensAfterKConsecutiveTimeoutsAndServesTheFallbackDuringTheCoolDown() {
    timeouts(3);
    assertTrue(breaker.isOpen());
    assertFalse(breaker.allowRequest());
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    assertFalse(breaker.allowRequest());
    assertEquals(1000, breaker.millisUntilRetry());
  }

  @Test
  void afterTheCoolDownOneProbeGoesOutAndAReplyClosesTheBreaker() {
    timeouts(3);
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    assertTrue(breaker.allowRequest());
    assertFalse(breaker.allowRequest(), "only one probe while it is out");
    breaker.onReply();
    assertFalse(breaker.isOpen());
    assertTrue(breaker.allowRequest());
  }

  @Test
  void aProbeThatTimesOutOpensTheBreakerForAnotherCoolDown() {
    timeouts(3);
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    assertTrue(breaker.allowRequest());
    breaker.onTimeout();
    assertTrue(breaker.isOpen());
    assertFalse(breaker.allowRequest());
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    assertTrue(breaker.allowRequest());
  }
}
