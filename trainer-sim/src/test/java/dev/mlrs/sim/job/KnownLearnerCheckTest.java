package dev.mlrs.sim.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.client.LrReply;
import dev.mlrs.client.LrSource;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class KnownLearnerCheckTest {
  /** The client's wording of a rejected first step whose learner the agent does not know. */
  private static final String UNKNOWN = "rejected by the service: unknown learner 'defualt' (known: [default, "
      + "reference-3stage])";

  /** Replies in the given order. */
  private static LrSource replying(LrReply... replies) {
    Deque<LrReply> queue = new ArrayDeque<>(java.util.List.of(replies));
    return new LrSource() {
      @Override
      public LrReply report(long step, double loss) {
        return queue.removeFirst();
      }

      @Override
      public boolean validationDue(long step) {
        return false;
      }

      @Override
      public void reportValidation(long step, double valLoss, double hypergradient) {
      }
    };
  }

  private static LrReply fallback(long step, String reason) {
    return new LrReply(step, 0.05, true, reason, null, -1, -1, Double.NaN, Double.NaN, false, 1000);
  }

  private static LrReply served(long step) {
    return new LrReply(step, 0.1, false, null, "default", 3, 0, 0.5, 0.2, false, 1000);
  }

  @Test
  void anUnknownLearnerAtTheFirstReplyFailsTheJobNamingTheKnownOnes() {
    KnownLearnerCheck check = new KnownLearnerCheck(replying(fallback(0, UNKNOWN)), "defualt");
    UnknownLearnerException e = assertThrows(UnknownLearnerException.class, () -> check.report(0, 2.3));
    assertTrue(e.getMessage().contains("no learner 'defualt'"), e.getMessage());
    assertTrue(e.getMessage().contains("known: [default, reference-3stage]"), e.getMessage());
    assertTrue(e.getMessage().contains("--allow-fallback"), e.getMessage());
  }

  @Test
  void aFirstStepThatTimedOutDoesNotHideTheRejectionThatFollows() {
    KnownLearnerCheck check = new KnownLearnerCheck(replying(fallback(0, "no reply within 30000 ms"),
        fallback(1, UNKNOWN)), "defualt");
    assertEquals(0.05, check.report(0, 2.3).lr());
    assertThrows(UnknownLearnerException.class, () -> check.report(1, 2.2));
  }

  @Test
  void onceServedLaterRejectionsAreTheClientsFallbackBusiness() {
    KnownLearnerCheck check = new KnownLearnerCheck(replying(served(0), fallback(1, UNKNOWN)), "default");
    assertEquals(0.1, check.report(0, 2.3).lr());
    assertTrue(check.report(1, 2.2).fallback());
  }
}
