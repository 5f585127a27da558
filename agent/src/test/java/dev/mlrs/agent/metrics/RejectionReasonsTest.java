package dev.mlrs.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reasons carry values; their tags must not. */
class RejectionReasonsTest {

  @Test
  void valuesQuotesAndParenthesesLeaveTheTag() {
    assertEquals("unknown_learner", RejectionReasons.category("unknown learner 'defualt' (known: default, x)"));
    assertEquals("step_is_not_after", RejectionReasons.category("step 5 is not after step 4 (the last served)"));
    assertEquals("loss_is_at_step", RejectionReasons.category("loss is NaN at step 3 (must be finite)"));
    assertEquals("lr_bounds_are_invalid", RejectionReasons.category("LR bounds [2.0, 1.0] are invalid (need ...)"));
    assertEquals("record_key_differs_from",
        RejectionReasons.category("record key 'a' differs from job id 'b' (the key must be the job id)"));
    assertEquals("unknown", RejectionReasons.category(null));
    assertEquals("unknown", RejectionReasons.category("  "));
  }

  @Test
  void twoReasonsOfOneKindShareATag() {
    RejectionReasons reasons = new RejectionReasons();
    assertEquals(reasons.tag("unknown learner 'a'"), reasons.tag("unknown learner 'b' (known: c)"));
  }

  @Test
  void afterTheLimitNewTagsAreOther() {
    RejectionReasons reasons = new RejectionReasons();
    for (int i = 0; i < RejectionReasons.MAX_TAGS; i++) {
      reasons.tag("kind " + "abcdefghijklmnopqrstuvwxyz".charAt(i % 26) + (i < 26 ? "" : " again"));
    }
    assertEquals("other", reasons.tag("a reason never seen"));
    assertEquals("kind_a", reasons.tag("kind a"), "a known tag stays");
  }
}
