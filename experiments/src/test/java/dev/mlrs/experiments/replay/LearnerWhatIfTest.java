package dev.mlrs.experiments.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.LrScale;
import dev.mlrs.agent.math.MlrsCell;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The what-if schedules follow the agent's rules on recorded steps. */
class LearnerWhatIfTest {
  private static final Learner DEFAULT = Learner.of(LearnerFactory.paper(0L));

  @Test
  void aLearnerServesGammaTimesTheCellOutputClampedAndARejectedStepLeavesTheStateAlone() {
    List<StepRow> steps = new ArrayList<>();
    double[] losses = {2.3, 2.1, Double.NaN, 1.9, 1.7};
    for (int t = 0; t < losses.length; t++) {
      steps.add(row("j", t, losses[t], Double.isNaN(losses[t]) ? "REJECTED" : "OK", 0.0, 0.5));
    }
    JobTrace job = new JobTrace("j", steps, null, List.of());
    for (CellEngine engine : List.of(new PlainCellEngine(), new Nd4jCellEngine())) {
      double[] lr = new LearnerWhatIf(DEFAULT, engine).lrs(List.of(job)).get(0);
      assertTrue(Double.isNaN(lr[2]), "no LR for the rejected step");
      // by hand: the cell over the four finite losses from a zero state
      CellShape shape = DEFAULT.shape();
      CellTrace trace = new CellTrace(shape);
      double[] h = new double[shape.hidden()];
      double[] c = new double[shape.hidden()];
      double gamma = LrScale.gamma(2.3, 10);
      int k = 0;
      for (int t = 0; t < losses.length; t++) {
        if (Double.isNaN(losses[t])) {
          continue;
        }
        double out = MlrsCell.forward(shape, DEFAULT.weights(0), losses[t], h, c, trace);
        h = trace.h().clone();
        c = trace.c().clone();
        assertEquals(Math.min(gamma * out, 0.5), lr[t], 1e-12, "step " + t);
        k++;
      }
      assertEquals(4, k);
    }
  }

  @Test
  void cosineStartsAtTheFirstServedLrAndEndsAtItsFloor() {
    List<StepRow> steps = new ArrayList<>();
    for (int t = 0; t <= 10; t++) {
      steps.add(row("j", t, 1.0, "OK", 0.0, 1.0));
    }
    double[] lr = new CosineWhatIf(null, 0.01).lrs(List.of(new JobTrace("j", steps, null, List.of()))).get(0);
    assertEquals(0.2, lr[0], 1e-15);
    assertEquals(0.01 + (0.2 - 0.01) / 2, lr[5], 1e-12);
    assertEquals(0.01, lr[10], 1e-15);
  }

  private static StepRow row(String job, long step, double loss, String status, double lrMin, double lrMax) {
    return new StepRow(job, step, 0L, loss, "default", "FROZEN", 10, 10, 2.3, null, lrMin, lrMax, status,
        "OK".equals(status) ? 0.2 : null, 1L, 0, null, null, false, null, null, null);
  }
}
