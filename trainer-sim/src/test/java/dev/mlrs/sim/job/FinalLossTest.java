package dev.mlrs.sim.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalLossTest {

  private static List<StepRecord> lossesZeroTo(int n) {
    List<StepRecord> steps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      steps.add(StepRecord.local(i, i, 0.1));
    }
    return steps;
  }

  @Test
  void meanOfTheLastFivePercentOfTheSteps() {
    assertEquals((95 + 96 + 97 + 98 + 99) / 5.0, FinalLoss.of(lossesZeroTo(100)), 1e-12);
    assertEquals((380 + 399) / 2.0, FinalLoss.of(lossesZeroTo(400)), 1e-12, "steps 380..399: the last 20 of 400");
  }

  @Test
  void aShortRunUsesItsLastStep() {
    assertEquals(9, FinalLoss.of(lossesZeroTo(10)), 1e-12);
    assertEquals(0, FinalLoss.of(lossesZeroTo(1)), 1e-12);
  }

  @Test
  void noStepsHaveNoLoss() {
    assertTrue(Double.isNaN(FinalLoss.of(List.of())));
  }
}
