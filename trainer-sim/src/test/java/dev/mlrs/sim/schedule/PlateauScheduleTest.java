package dev.mlrs.sim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Reduce-on-plateau on window means of the training loss. */
class PlateauScheduleTest {

  @Test
  void aFlatLossReducesAfterEachBadWindowUntilMinLr() {
    PlateauSchedule s = new PlateauSchedule(0.1, 10); // window 5, patience 1, factor 0.1, minLr 1e-5
    List<Double> lrs = run(s, 40, t -> 1.0);
    // Window 0-4 sets the best; every later window is no better: reductions at its last step.
    assertEquals(0.1, lrs.get(8), 0);
    assertEquals(0.01, lrs.get(9), 1e-15);
    assertEquals(0.01, lrs.get(13), 1e-15);
    assertEquals(0.001, lrs.get(14), 1e-15);
    assertEquals(1e-4, lrs.get(19), 1e-15);
    assertEquals(1e-5, lrs.get(24), 1e-15);
    assertEquals(1e-5, lrs.get(39), 1e-15, "never below minLr");
    assertEquals(List.of(9L, 14L, 19L, 24L), stepsWhereLrChanges(lrs));
    assertEquals(4, s.reductions());
  }

  @Test
  void patienceCountsBadWindowsBeforeAReduction() {
    PlateauSchedule s = new PlateauSchedule(0.1, 0.5, 2, 5, 0, 1e-4);
    List<Double> lrs = run(s, 30, t -> 1.0);
    assertEquals(List.of(14L, 24L), stepsWhereLrChanges(lrs));
    assertEquals(0.025, lrs.get(29), 1e-15);
  }

  @Test
  void aSteadilyDecreasingLossNeverReduces() {
    PlateauSchedule s = new PlateauSchedule(0.1, 10);
    List<Double> lrs = run(s, 2000, t -> 2.0 / (1 + 0.01 * t));
    assertEquals(0, s.reductions());
    assertEquals(0.1, lrs.get(1999), 0);
  }

  @Test
  void improvementsBelowTheRelativeThresholdCountAsBad() {
    PlateauSchedule s = new PlateauSchedule(0.1, 10);
    run(s, 10, t -> 1.0 - 1e-6 * t); // the second window is only 5e-6 (relative) better
    assertEquals(1, s.reductions());
  }

  @Test
  void minibatchNoiseIsAveragedOutByTheWindow() {
    LongToDoubleFunction noisyDecrease = t -> 2.0 / (1 + 0.01 * t) * (t % 2 == 0 ? 0.7 : 1.3);
    PlateauSchedule windowed = new PlateauSchedule(0.1, 20); // window 10
    run(windowed, 1000, noisyDecrease);
    assertEquals(0, windowed.reductions());
    PlateauSchedule perStep = new PlateauSchedule(0.1, 0.1, 1, 1, 1e-5, 1e-4);
    run(perStep, 1000, noisyDecrease);
    assertEquals(4, perStep.reductions(), "read step by step, every noisy uptick is a plateau");
  }

  @Test
  void aFlatButNoisyLossIsAPlateau() {
    PlateauSchedule s = new PlateauSchedule(0.1, 10);
    run(s, 10, t -> t % 2 == 0 ? 0.5 : 1.5); // window means 0.9 then 1.1
    assertEquals(1, s.reductions());
  }

  @Test
  void aNanWindowIsBad() {
    PlateauSchedule s = new PlateauSchedule(0.1, 10);
    run(s, 10, t -> t < 5 ? 1.0 : Double.NaN);
    assertEquals(1, s.reductions());
  }

  private static List<Double> run(LrSchedule s, int steps, LongToDoubleFunction loss) {
    List<Double> lrs = new ArrayList<>();
    for (long t = 0; t < steps; t++) {
      lrs.add(s.lr(t, loss.applyAsDouble(t)));
    }
    return lrs;
  }

  private static List<Long> stepsWhereLrChanges(List<Double> lrs) {
    List<Long> changes = new ArrayList<>();
    for (int t = 1; t < lrs.size(); t++) {
      if (!lrs.get(t).equals(lrs.get(t - 1))) {
        changes.add((long) t);
      }
    }
    return changes;
  }
}
