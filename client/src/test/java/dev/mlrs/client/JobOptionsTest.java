package dev.mlrs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.LearnerMode;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class JobOptionsTest {

  private static JobOptions.Builder valid() {
    return JobOptions.builder("job").numClasses(10).referenceLoss(2.3).initialFallbackLr(0.1);
  }

  @Test
  void defaults() {
    JobOptions options = valid().build();
    assertEquals("default", options.learner());
    assertEquals(LearnerMode.FROZEN, options.mode());
    assertNull(options.gamma());
    assertEquals(0.0, options.lrMin());
    assertEquals(10.0, options.lrMax());
    assertEquals(0, options.totalSteps());
    assertEquals(300, options.validateEvery());
    assertEquals(Duration.ofSeconds(5), options.replyTimeout());
    assertEquals(Duration.ofSeconds(30), options.firstReplyTimeout());
    assertEquals(0.1, options.fallback().lr(0, Double.NaN));
    assertEquals(0.7, options.fallback().lr(9, 0.7));
  }

  @Test
  void validationStepsAreEveryKthStepOfLearnJobs() {
    JobOptions learn = valid().mode(LearnerMode.LEARN).build();
    assertFalse(learn.validationDue(0));
    assertTrue(learn.validationDue(299));
    assertFalse(learn.validationDue(300));
    assertTrue(learn.validationDue(599));
    assertFalse(valid().build().validationDue(299), "FROZEN jobs never validate");
  }

  @Test
  void gammaReplacesNumClassesAndReferenceLoss() {
    JobOptions options = JobOptions.builder("regression").gamma(0.5).initialFallbackLr(0.01).build();
    assertEquals(0.5, options.gamma());
  }

  @Test
  void invalidOptionsAreRefusedWithAClearMessage() {
    Map<String, UnaryOperator<JobOptions.Builder>> cases = Map.ofEntries(
        Map.entry("learner", b -> b.learner(" ")),
        Map.entry("numClasses", b -> b.numClasses(1)),
        Map.entry("referenceLoss", b -> b.referenceLoss(Double.NaN)),
        Map.entry("gamma", b -> b.gamma(-1.0)),
        Map.entry("lrMin", b -> b.lrMin(-0.1)),
        Map.entry("lrMax", b -> b.lrMax(Double.POSITIVE_INFINITY)),
        Map.entry("must be >= lrMin", b -> b.lrMin(0.5).lrMax(0.2).initialFallbackLr(0.3)),
        Map.entry("totalSteps", b -> b.totalSteps(-1)),
        Map.entry("validateEvery", b -> b.validateEvery(0)),
        Map.entry("replyTimeout", b -> b.replyTimeout(Duration.ZERO)),
        Map.entry("firstReplyTimeout", b -> b.firstReplyTimeout(null)),
        Map.entry("initialFallbackLr must be", b -> b.initialFallbackLr(11)),
        Map.entry("not both", b -> b.fallback(FallbackSchedule.constant(0.1))));
    cases.forEach((expected, breakIt) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> breakIt.apply(valid()).build(),
          expected);
      assertTrue(e.getMessage().contains(expected), expected + " not in: " + e.getMessage());
    });
    assertThrows(IllegalArgumentException.class,
        () -> JobOptions.builder(null).gamma(1.0).initialFallbackLr(0).build());
    assertThrows(IllegalArgumentException.class, () -> JobOptions.builder("").gamma(1.0).initialFallbackLr(0).build());
    IllegalArgumentException noFallback = assertThrows(IllegalArgumentException.class,
        () -> JobOptions.builder("job").gamma(1.0).build());
    assertTrue(noFallback.getMessage().contains("initialFallbackLr"), noFallback.getMessage());
    IllegalArgumentException noScale = assertThrows(IllegalArgumentException.class,
        () -> JobOptions.builder("job").initialFallbackLr(0.1).build());
    assertTrue(noScale.getMessage().contains("numClasses"), noScale.getMessage());
  }

  @Test
  void fallbackSchedules() {
    assertEquals(0.2, FallbackSchedule.constant(0.2).lr(5, 0.9));
    assertThrows(IllegalArgumentException.class, () -> FallbackSchedule.lastServedOr(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> FallbackSchedule.constant(-1));
  }
}
