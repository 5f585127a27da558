package dev.mlrs.agent.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.RunResult;
import org.junit.jupiter.api.Test;

class FitnessTest {

  private static final double CLIP = Fitness.clip(EsSettings.newBuilder().build(), 10);

  @Test
  void theDefaultClipIsTwiceLnC() {
    assertEquals(2 * Math.log(10), CLIP, 1e-15);
    assertEquals(1.5 * Math.log(100), Fitness.clip(1.5, 100), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> Fitness.clip(2.0, 1));
    assertThrows(IllegalArgumentException.class, () -> Fitness.clip(0.0, 10));
  }

  @Test
  void divergedAndNonFiniteRunsCountAsTheClip() {
    assertEquals(0.83, Fitness.of(0.83, false, CLIP), 0.0);
    assertEquals(CLIP, Fitness.of(0.83, true, CLIP), 0.0);
    assertEquals(CLIP, Fitness.of(Double.NaN, false, CLIP), 0.0);
    assertEquals(CLIP, Fitness.of(Double.POSITIVE_INFINITY, false, CLIP), 0.0);
    assertEquals(CLIP, Fitness.of(17.0, false, CLIP), 0.0);
    assertEquals(0.0, Fitness.of(-0.5, false, CLIP), 0.0);
    RunResult diverged = RunResult.newBuilder().setJob("j").setLastStep(10).setValidationLoss(0.4)
        .setDiverged(true).build();
    assertEquals(CLIP, Fitness.of(diverged, CLIP), 0.0);
  }

  @Test
  void thePairSignalIsTheRelativeDifference() {
    assertEquals(0.2 / 1.1, Fitness.pairSignal(1.2, 1.0), 1e-15);
    assertEquals(-0.2 / 1.1, Fitness.pairSignal(1.0, 1.2), 1e-15);
    // Scale-free: the same relative gap on a task ten times easier gives the same signal.
    assertEquals(Fitness.pairSignal(1.2, 1.0), Fitness.pairSignal(0.12, 0.10), 1e-12);
    assertEquals(2.0, Fitness.pairSignal(CLIP, 0.0), 1e-15);
    assertEquals(0.0, Fitness.pairSignal(0.0, 0.0), 0.0);
    assertThrows(IllegalArgumentException.class, () -> Fitness.pairSignal(Double.NaN, 1.0));
    assertThrows(IllegalArgumentException.class, () -> Fitness.pairSignal(-1.0, 1.0));
  }
}
