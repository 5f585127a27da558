package dev.mlrs.experiments;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.sim.schedule.CosineSchedule;
import dev.mlrs.sim.schedule.PlateauSchedule;
import org.junit.jupiter.api.Test;

class PlateauNoteTest {

  @Test
  void aPlateauScheduleThatNeverReducedIsPointedOut() {
    PlateauSchedule plateau = new PlateauSchedule(0.1, 0.1, 1, 10, 1e-5, 1e-4);
    for (int step = 0; step < 100; step++) {
      plateau.lr(step, 2.0 - step * 0.01); // the loss keeps improving: never a plateau
    }
    String note = RunExecutor.noteOn(plateau);
    assertTrue(note != null && note.contains("plateau never reduced the LR"), String.valueOf(note));
  }

  @Test
  void aPlateauScheduleThatReducedOrAnotherScheduleGetsNoNote() {
    PlateauSchedule plateau = new PlateauSchedule(0.1, 0.1, 1, 10, 1e-5, 1e-4);
    for (int step = 0; step < 100; step++) {
      plateau.lr(step, 1.0); // flat loss: reduces after the second window
    }
    assertTrue(plateau.reductions() > 0);
    assertNull(RunExecutor.noteOn(plateau));
    assertNull(RunExecutor.noteOn(new CosineSchedule(0.1, 100)));
    assertNull(RunExecutor.noteOn(null));
  }
}
