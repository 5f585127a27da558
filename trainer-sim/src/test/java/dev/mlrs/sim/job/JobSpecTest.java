package dev.mlrs.sim.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.LearnerMode;
import org.junit.jupiter.api.Test;

class JobSpecTest {

  private static JobSpec spec(long steps, int validationSize, LearnerMode mode) {
    return new JobSpec("j", "digits", "mlp", "sgd", 0, 32, steps, 0, validationSize, 1, "default", mode, 50, 0, 1,
        0.05);
  }

  @Test
  void theAutomaticValidationSizeIsTenPercentUpToAThousand() {
    JobSpec auto = spec(10, JobSpec.AUTO_VALIDATION, LearnerMode.LEARN);
    assertEquals(1000, auto.validationSamples(60_000));
    assertEquals(143, auto.validationSamples(1437), "sklearn digits' training split");
    assertEquals(15, auto.validationSamples(150), "a small CSV");
    assertEquals(500, spec(10, 500, LearnerMode.FROZEN).validationSamples(60_000), "a given size is kept");
  }

  @Test
  void badValuesAreNamedNotDumped() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> spec(-5, JobSpec.AUTO_VALIDATION, LearnerMode.FROZEN));
    assertEquals("steps must be >= 1, got -5", e.getMessage());
    assertFalse(e.getMessage().contains("JobSpec["), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> spec(10, 0, LearnerMode.LEARN)).getMessage()
        .contains("LEARN job needs a clean validation set"));
  }

  @Test
  void withersKeepTheFallbackChoice() {
    JobSpec allowing = new JobSpec("j", "digits", "mlp", "sgd", 0, 32, 10, 0, 100, 1, "x", LearnerMode.FROZEN, 50, 0,
        1, 0.05, true);
    assertTrue(allowing.withSteps(20).allowFallback());
    assertFalse(spec(10, 100, LearnerMode.FROZEN).allowFallback(), "failing on an unknown learner is the default");
  }
}
