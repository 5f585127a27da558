package dev.mlrs.sim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Building schedules by name, and the messages when a name or parameter is wrong. */
class LrSchedulesTest {

  private static final ScheduleContext CONTEXT = new ScheduleContext(700, 20);

  @Test
  void everyNameBuildsItsSchedule() {
    assertEquals(List.of("fixed", "multistep", "exponential", "cosine", "sgdr", "onecycle", "plateau"),
        LrSchedules.NAMES);
    assertInstanceOf(FixedSchedule.class, create("fixed", Map.of("lr", 0.1)));
    assertInstanceOf(MultiStepSchedule.class, create("multistep", Map.of("lr", 0.1)));
    assertInstanceOf(ExponentialSchedule.class, create("exponential", Map.of("lr", 0.1, "finalFactor", 0.01)));
    assertInstanceOf(CosineSchedule.class, create("Cosine ", Map.of("lr", 0.1)));
    assertInstanceOf(SgdrSchedule.class, create("sgdr", Map.of("lr", 0.1, "cycles", 3.0)));
    assertInstanceOf(OneCycleSchedule.class, create("onecycle", Map.of("maxLr", 1.0)));
    assertInstanceOf(PlateauSchedule.class, create("plateau", Map.of("lr", 0.1)));
  }

  @Test
  void parametersReachTheSchedule() {
    assertEquals(0.05, create("cosine", Map.of("lr", 0.1)).lr(350, 1), 1e-12);
    assertEquals(0.1, create("sgdr", Map.of("lr", 0.1, "cycles", 3.0)).lr(300, 1), 1e-12); // restart at 3T_0
    assertEquals(1.0, create("onecycle", Map.of("maxLr", 1.0)).lr(209, 1), 1e-12); // 0.3 * 700 - 1
    assertEquals(0.5, create("onecycle", Map.of("maxLr", 1.0, "pctStart", 0.5, "divFactor", 2.0))
        .lr(0, 1), 1e-12);
    assertEquals(0.001, create("exponential", Map.of("lr", 0.1, "finalFactor", 0.01)).lr(700, 1), 1e-12);
  }

  @Test
  void multistepTakesDefaultOrNumberedMilestones() {
    MultiStepSchedule defaults = (MultiStepSchedule) create("multistep", Map.of("lr", 0.1));
    assertEquals(List.of(350L, 525L), List.of(defaults.milestoneSteps()[0], defaults.milestoneSteps()[1]));
    MultiStepSchedule three = (MultiStepSchedule) create("multistep",
        Map.of("lr", 0.1, "milestone1", 0.3, "milestone2", 0.6, "milestone3", 0.9, "factor", 0.5));
    assertEquals(List.of(210L, 420L, 630L), List.of(three.milestoneSteps()[0], three.milestoneSteps()[1],
        three.milestoneSteps()[2]));
    assertEquals(0.0125, three.lr(699, 1), 1e-15);
  }

  @Test
  void plateauWindowDefaultsToHalfAnEpoch() {
    LrSchedule s = create("plateau", Map.of("lr", 0.1)); // 20 steps per epoch: window 10
    for (long t = 0; t < 19; t++) {
      assertEquals(0.1, s.lr(t, 1.0), 0, "step " + t);
    }
    assertEquals(0.01, s.lr(19, 1.0), 1e-15);
    LrSchedule custom = create("plateau", Map.of("lr", 0.1, "window", 3.0, "factor", 0.5));
    for (long t = 0; t < 5; t++) {
      custom.lr(t, 1.0);
    }
    assertEquals(0.05, custom.lr(5, 1.0), 1e-15);
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> create("cosine-restarts", Map.of("lr", 0.1)));
    assertTrue(e.getMessage().contains("'cosine-restarts'") && e.getMessage().contains("sgdr"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> create(null, Map.of("lr", 0.1)));
  }

  @ParameterizedTest
  @CsvSource({
      "fixed, lr",
      "multistep, lr",
      "exponential, lr",
      "cosine, lr",
      "sgdr, lr",
      "onecycle, maxLr",
      "plateau, lr",
  })
  void aMissingParameterIsNamed(String name, String parameter) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(name, Map.of()));
    assertEquals("schedule '" + name + "' needs parameter '" + parameter + "'", e.getMessage());
  }

  @Test
  void requiredSecondParametersAreNamedToo() {
    assertMessage("needs parameter 'cycles'", "sgdr", Map.of("lr", 0.1));
    assertMessage("needs parameter 'finalFactor'", "exponential", Map.of("lr", 0.1));
    assertMessage("needs parameter 'maxLr'", "onecycle", Map.of("lr", 0.1)); // not the other schedules' "lr"
  }

  @Test
  void invalidValuesAreNamedWithWhatIsWrong() {
    assertMessage("'lr' must be finite and > 0, got -0.1", "cosine", Map.of("lr", -0.1));
    assertMessage("'lr' must be finite and > 0, got NaN", "fixed", Map.of("lr", Double.NaN));
    assertMessage("'cycles' must be a whole number >= 1, got 2.5", "sgdr", Map.of("lr", 0.1, "cycles", 2.5));
    assertMessage("'factor' must be in (0, 1), got 1.5", "plateau", Map.of("lr", 0.1, "factor", 1.5));
    assertMessage("'patience' must be a whole number >= 1, got 0.0", "plateau", Map.of("lr", 0.1, "patience", 0.0));
    assertMessage("'milestone2' must be in (0, 1), got 1.2", "multistep",
        Map.of("lr", 0.1, "milestone1", 0.5, "milestone2", 1.2));
    assertMessage("'finalFactor' must be in (0, 1], got 2.0", "exponential",
        Map.of("lr", 0.1, "finalFactor", 2.0));
    assertMessage("too many", "sgdr", Map.of("lr", 0.1, "cycles", 10.0)); // 2^10 - 1 > 700 steps
  }

  @Test
  void aParameterTheScheduleDoesNotTakeIsRejected() {
    assertMessage("schedule 'cosine' has no parameter 'beta'; it takes [lr]", "cosine",
        Map.of("lr", 0.1, "beta", 1e-4));
    assertMessage("no parameter 'milestone3'", "multistep", Map.of("lr", 0.1, "milestone1", 0.5, "milestone3", 0.9));
    Map<String, Double> withNull = new LinkedHashMap<>();
    withNull.put("lr", null);
    assertMessage("needs parameter 'lr'", "fixed", withNull);
  }

  private static LrSchedule create(String name, Map<String, Double> params) {
    return LrSchedules.create(name, params, CONTEXT);
  }

  private static void assertMessage(String expectedPart, String name, Map<String, Double> params) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(name, params));
    assertTrue(e.getMessage().contains(expectedPart), "expected '" + expectedPart + "' in: " + e.getMessage());
  }
}
