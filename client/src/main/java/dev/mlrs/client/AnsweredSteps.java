package dev.mlrs.client;

import dev.mlrs.schemas.LrDecision;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decisions of the last steps the client was answered, so that a second decision for a step can be told
 * apart: an identical one is a duplicate (an at-least-once agent may answer a re-delivered report again) and
 * is ignored quietly; a different one means the service broke its guarantee and is reported. Used by the
 * poller thread only.
 */
final class AnsweredSteps {

  /** What a second decision for a step is. */
  enum Repeat { DUPLICATE, CONFLICT, UNKNOWN }

  /** Re-deliveries concern the newest steps only; a few dozen cover them. */
  static final int MEMORY = 64;

  private final Map<Long, LrDecision> answered = new LinkedHashMap<>(MEMORY * 2, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, LrDecision> eldest) {
      return size() > MEMORY;
    }
  };

  void remember(LrDecision decision) {
    answered.put(decision.getStep(), decision);
  }

  /** What {@code decision} is when its step was already answered (UNKNOWN when that step is not remembered). */
  Repeat classify(LrDecision decision) {
    LrDecision first = answered.get(decision.getStep());
    if (first == null) {
      return Repeat.UNKNOWN;
    }
    return first.equals(decision) ? Repeat.DUPLICATE : Repeat.CONFLICT;
  }

  /** The decision first taken for {@code step}, or null. */
  LrDecision first(long step) {
    return answered.get(step);
  }
}
