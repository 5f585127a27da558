package dev.mlrs.agent.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.MlrsCell;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShippedLearnersTest {

  private static final int STEPS = 748;

  @Test
  void theThreeShippedLearnersHaveTheirDocumentedNamesAndObjectives() {
    List<LearnerParams> shipped = LearnerFactory.shipped(0L);
    assertEquals(List.of(LearnerFactory.DEFAULT, LearnerFactory.REFERENCE_THREE_STAGE, LearnerFactory.MLRSNET_PAPER),
        shipped.stream().map(LearnerParams::getName).toList());
    assertEquals(MetaObjective.FLEET_ES, shipped.get(0).getObjective());
    assertEquals(MetaObjective.ONE_STEP, shipped.get(2).getObjective());
    assertTrue(shipped.get(0).getEs().getRunsUsed() > 0, "the default says how many runs trained it");
    shipped.forEach(p -> assertEquals(1, p.getVersion()));
  }

  /** The default serves the LR it learned whatever the class count (ADR 0011): a fixed scale of 1. */
  @Test
  void theDefaultHasAFixedLrScale() {
    Learner learner = Learner.of(LearnerFactory.shipped(0L).get(0));
    assertEquals(1.0, learner.lrScale());
    assertTrue(learner.params().getOrigin().contains("fixed LR scale 1.0"), learner.params().getOrigin());
  }

  /** The reason the default was trained: over a run it anneals, whatever the loss does (demo: LR max / min). */
  @Test
  void theDefaultAnnealsByAtLeastTenOverARun() {
    Learner learner = Learner.of(LearnerFactory.shipped(0L).get(0));
    assertTrue(learner.usesProgress());
    double[] fraction = serve(learner, new Random(3));
    double max = 0;
    double min = Double.MAX_VALUE;
    for (double f : fraction) {
      max = Math.max(max, f);
      min = Math.min(min, f);
    }
    double end = fraction[STEPS - 1];
    assertTrue(max / min >= 10, "LR max / min over the run: " + max / min);
    assertTrue(end <= max / 10, "LR at the end " + end + " against the largest " + max);
  }

  /** The σ-outputs (LR / γ) the learner serves on a noisy, falling minibatch loss over one run. */
  private static double[] serve(Learner learner, Random random) {
    int hidden = learner.shape().hidden();
    double[] h = new double[hidden];
    double[] c = new double[hidden];
    CellTrace trace = new CellTrace(learner.shape());
    double[] out = new double[STEPS];
    for (int t = 0; t < STEPS; t++) {
      double loss = 0.45 + 1.85 * Math.exp(-t / 60.0) + 0.1 * random.nextGaussian();
      out[t] = MlrsCell.forward(learner.shape(), learner.weights(0), Math.max(0.05, loss), (double) t / STEPS, h, c,
          trace);
      h = trace.h().clone();
      c = trace.c().clone();
    }
    return out;
  }
}
