package dev.mlrs.sim.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each schedule against values worked out by hand at its start, middle, end, milestones and restarts. */
class ScheduleFormulaTest {

  private static final double EPS = 1e-12;
  private static final double LOSS = 1.0; // only plateau looks at the loss

  @Test
  void fixedIsConstant() {
    FixedSchedule s = new FixedSchedule(0.1);
    assertEquals(0.1, s.lr(0, LOSS), 0);
    assertEquals(0.1, s.lr(1_000_000, Double.NaN), 0);
  }

  @Test
  void multistepDropsTenfoldAtHalfAndThreeQuarters() {
    MultiStepSchedule s = new MultiStepSchedule(0.1, MultiStepSchedule.DEFAULT_MILESTONES, 0.1, 1000);
    assertArrayEquals(new long[] {500, 750}, s.milestoneSteps());
    assertEquals(0.1, s.lr(0, LOSS), EPS);
    assertEquals(0.1, s.lr(499, LOSS), EPS);
    assertEquals(0.01, s.lr(500, LOSS), EPS);
    assertEquals(0.01, s.lr(749, LOSS), EPS);
    assertEquals(0.001, s.lr(750, LOSS), EPS);
    assertEquals(0.001, s.lr(999, LOSS), EPS);
    assertEquals(List.of(500L, 750L), stepsWhereLrChanges(s, 1000));
  }

  @Test
  void multistepMilestonesRoundToTheNearestStep() {
    MultiStepSchedule s = new MultiStepSchedule(1.0, new double[] {1.0 / 3}, 0.5, 100);
    assertEquals(List.of(33L), stepsWhereLrChanges(s, 100));
    assertEquals(0.5, s.lr(33, LOSS), EPS);
  }

  @Test
  void exponentialReachesLrTimesFAtTheEnd() {
    ExponentialSchedule s = new ExponentialSchedule(0.1, 0.01, 1000);
    assertEquals(0.1, s.lr(0, LOSS), EPS);
    assertEquals(0.01, s.lr(500, LOSS), EPS); // sqrt(0.01) halfway
    assertEquals(0.001, s.lr(1000, LOSS), EPS);
    assertEquals(0.001, s.lr(5000, LOSS), EPS, "held after the end");
    double ratio = Math.pow(0.01, 1.0 / 1000);
    for (long t : new long[] {0, 1, 333, 998}) {
      assertEquals(ratio, s.lr(t + 1, LOSS) / s.lr(t, LOSS), 1e-12, "the same ratio every step, at " + t);
    }
  }

  @Test
  void cosineFallsFromLrToZero() {
    CosineSchedule s = new CosineSchedule(0.1, 1000);
    assertEquals(0.1, s.lr(0, LOSS), EPS);
    assertEquals(0.1 * 0.5 * (1 + Math.sqrt(0.5)), s.lr(250, LOSS), EPS);
    assertEquals(0.05, s.lr(500, LOSS), EPS);
    assertEquals(0.1 * 0.5 * (1 - Math.sqrt(0.5)), s.lr(750, LOSS), EPS);
    assertEquals(0.0, s.lr(1000, LOSS), 0);
    assertEquals(0.0, s.lr(1700, LOSS), 0);
    for (long t = 0; t <= 1000; t++) {
      assertTrue(s.lr(t, LOSS) >= 0 && s.lr(t + 1, LOSS) <= s.lr(t, LOSS), "monotone and >= 0 at " + t);
    }
  }

  @Test
  void sgdrWithThreeCyclesRestartsAtTAnd3T() {
    SgdrSchedule s = new SgdrSchedule(0.1, 3, 700); // 7T = 700: periods 100, 200, 400
    assertEquals(100.0, s.firstPeriod(), 0);
    assertEquals(List.of(100L, 300L), stepsWhereLrRises(s, 700));
    assertEquals(0.1, s.lr(0, LOSS), EPS);
    assertEquals(0.05, s.lr(50, LOSS), EPS);
    assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 99 / 100)), s.lr(99, LOSS), EPS);
    assertEquals(0.1, s.lr(100, LOSS), EPS);
    assertEquals(0.05, s.lr(200, LOSS), EPS); // middle of the 200-step period
    assertEquals(0.1, s.lr(300, LOSS), EPS);
    assertEquals(0.05, s.lr(500, LOSS), EPS); // middle of the 400-step period
    assertEquals(0.0, s.lr(700, LOSS), 0);
    assertEquals(0.0, s.lr(900, LOSS), 0);
  }

  @Test
  void sgdrWithAFractionalFirstPeriodRestartsAtTheFirstStepAfterEachBoundary() {
    SgdrSchedule s = new SgdrSchedule(0.1, 3, 1000); // T_0 = 142.857…: boundaries 142.9 and 428.6
    assertEquals(List.of(143L, 429L), stepsWhereLrRises(s, 1000));
    assertEquals(0.0, s.lr(1000, LOSS), EPS);
  }

  @Test
  void sgdrWithOneCycleIsCosine() {
    SgdrSchedule sgdr = new SgdrSchedule(0.1, 1, 300);
    CosineSchedule cosine = new CosineSchedule(0.1, 300);
    for (long t = 0; t <= 400; t += 7) {
      assertEquals(cosine.lr(t, LOSS), sgdr.lr(t, LOSS), EPS, "step " + t);
    }
  }

  @Test
  void sgdrRejectsMoreCyclesThanStepsAllow() {
    assertEquals(1.0, new SgdrSchedule(0.1, 3, 7).firstPeriod(), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SgdrSchedule(0.1, 3, 6));
    assertTrue(e.getMessage().contains("cycles"), e.getMessage());
  }

  @Test
  void onecyclePeaksAfterThirtyPercentLikePytorch() {
    OneCycleSchedule s = new OneCycleSchedule(1.0, 1000);
    // PyTorch OneCycleLR: phase 1 ends at step pct_start * total - 1 = 299, phase 2 at total - 1 = 999.
    assertEquals(1.0 / 25, s.lr(0, LOSS), EPS);
    assertEquals(1.0, s.lr(299, LOSS), EPS);
    assertEquals(299, argmax(s, 1000));
    assertEquals((1.0 + 4e-6) / 2, s.lr(649, LOSS), EPS); // halfway through the 700-step descent
    assertEquals(1.0 / 25 / 1e4, s.lr(999, LOSS), EPS);
    assertEquals(1.0 / 25 / 1e4, s.lr(1500, LOSS), EPS);
  }

  @Test
  void onecycleWarmupIsACosineFromStartToPeak() {
    OneCycleSchedule s = new OneCycleSchedule(1.0, 10); // peak at 0.3 * 10 - 1 = 2
    assertEquals(0.04, s.lr(0, LOSS), EPS);
    assertEquals((0.04 + 1.0) / 2, s.lr(1, LOSS), EPS);
    assertEquals(1.0, s.lr(2, LOSS), EPS);
    assertThrows(IllegalArgumentException.class, () -> new OneCycleSchedule(1.0, 3)); // 0.3 * 3 - 1 < 0
  }

  @Test
  void constructorsRejectNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new FixedSchedule(-0.1));
    assertThrows(IllegalArgumentException.class, () -> new FixedSchedule(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0.1, 0));
    assertThrows(IllegalArgumentException.class, () -> new ExponentialSchedule(0.1, 0, 10));
    assertThrows(IllegalArgumentException.class,
        () -> new MultiStepSchedule(0.1, new double[] {0.75, 0.5}, 0.1, 10));
    assertThrows(IllegalArgumentException.class, () -> new MultiStepSchedule(0.1, new double[] {0.5}, 1.0, 10));
  }

  private static List<Long> stepsWhereLrChanges(LrSchedule s, long steps) {
    List<Long> changes = new ArrayList<>();
    for (long t = 1; t < steps; t++) {
      if (s.lr(t, LOSS) != s.lr(t - 1, LOSS)) {
        changes.add(t);
      }
    }
    return changes;
  }

  private static List<Long> stepsWhereLrRises(LrSchedule s, long steps) {
    List<Long> rises = new ArrayList<>();
    for (long t = 1; t < steps; t++) {
      if (s.lr(t, LOSS) > s.lr(t - 1, LOSS)) {
        rises.add(t);
      }
    }
    return rises;
  }

  private static long argmax(LrSchedule s, long steps) {
    long best = 0;
    for (long t = 1; t < steps; t++) {
      if (s.lr(t, LOSS) > s.lr(best, LOSS)) {
        best = t;
      }
    }
    return best;
  }
}
