package dev.mlrs.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ScheduledFuture;

/**
 * Steps whose decision the client still waits for, plus a short memory of steps that timed out (to
 * tell a late reply from a stray one) and of validation steps whose LR was served (only those may be
 * validated). Whoever removes a waiting step first (reply, timeout, send failure, close) resolves it.
 */
final class PendingSteps {

  /** Enough to recognise late replies for a while; old entries are forgotten. */
  private static final int MEMORY = 1024;

  static final class Waiting {
    final long step;
    final long sentNanos;
    final boolean validate;
    final CompletableFuture<LrReply> reply = new CompletableFuture<>();
    private volatile ScheduledFuture<?> timeout;

    Waiting(long step, long sentNanos, boolean validate) {
      this.step = step;
      this.sentNanos = sentNanos;
      this.validate = validate;
    }

    void timeout(ScheduledFuture<?> task) {
      this.timeout = task;
    }

    void cancelTimeout() {
      ScheduledFuture<?> task = timeout;
      if (task != null) {
        task.cancel(false);
      }
    }
  }

  private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
  private final NavigableSet<Long> timedOut = new ConcurrentSkipListSet<>();
  private final NavigableSet<Long> servedValidationSteps = new ConcurrentSkipListSet<>();

  void add(Waiting entry) {
    waiting.put(entry.step, entry);
  }

  /** Removes and returns the entry of {@code step}, or null when nobody waits for it (any more). */
  Waiting claim(long step) {
    return waiting.remove(step);
  }

  /** Removes exactly this entry; false when someone else resolved it first. */
  boolean claim(Waiting entry) {
    return waiting.remove(entry.step, entry);
  }

  List<Waiting> claimAll() {
    List<Waiting> all = new ArrayList<>();
    for (Long step : waiting.keySet()) {
      Waiting entry = waiting.remove(step);
      if (entry != null) {
        all.add(entry);
      }
    }
    return all;
  }

  void rememberTimedOut(long step) {
    remember(timedOut, step);
  }

  /** True (once) when {@code step} had timed out: its decision is late. */
  boolean forgetTimedOut(long step) {
    return timedOut.remove(step);
  }

  void rememberServedValidationStep(long step) {
    remember(servedValidationSteps, step);
  }

  /** True (once) when {@code step} was a validation step whose LR the service served. */
  boolean takeServedValidationStep(long step) {
    return servedValidationSteps.remove(step);
  }

  private static void remember(NavigableSet<Long> set, long step) {
    set.add(step);
    while (set.size() > MEMORY) {
      set.pollFirst();
    }
  }
}
