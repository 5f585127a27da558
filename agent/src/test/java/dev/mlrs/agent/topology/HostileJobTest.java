package dev.mlrs.agent.topology;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.LearnerParams;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One of 8 pooled jobs sends hypergradients 10^6 times too large (and, harder, 10^6 times too large with the
 * wrong sign) while the fleet meta-trains a learner from LR 0.48 (see {@link OnlineMetaLearningTest}).
 * Stated bound: in every generation the fleet's mean served LR stays within 35 % of the clean run's (the clean
 * run itself moves by more than that from one generation to the next). With plain averaging instead of the
 * robust aggregation, the same job breaks that bound, so the bound is not vacuous.
 */
class HostileJobTest {
  static final int GENERATIONS = 10;

  /** Mean served LR per generation of an 8-job fleet training learner "shared" from LR 0.48. */
  static List<Double> trajectory(MetaTrainerSettings settings, double hostileFactor) {
    try (AgentDriver agent = new AgentDriver(settings)) {
      LearnerParams start = OnlineMetaLearningTest.learner("shared", 0.96);
      agent.publish(start);
      return OnlineMetaLearningTest.train(agent, "shared", GENERATIONS, 8, "3", hostileFactor).meanLrPerGeneration();
    }
  }

  static double largestRelativeGap(List<Double> clean, List<Double> other) {
    double worst = 0;
    for (int g = 0; g < clean.size(); g++) {
      worst = Math.max(worst, Math.abs(other.get(g) - clean.get(g)) / clean.get(g));
    }
    return worst;
  }

  static final MetaTrainerSettings ROBUST = MetaTrainerSettings.DEFAULTS.withUpdateBatch(8)
      .withMaxWait(Duration.ofHours(1));
  /** The control: ROBUST with clipping effectively off (no relative or absolute bound), i.e. a plain mean. */
  static final MetaTrainerSettings PLAIN_MEAN = ROBUST.withClipMultiplier(1e300).withMaxNorm(1e300);

  static final double BOUND = 0.35;

  @Test
  void robustAggregationKeepsTheTrajectoryWithinTheBoundOfTheCleanRun() {
    List<Double> clean = trajectory(ROBUST, 1);
    List<Double> large = trajectory(ROBUST, 1e6);
    List<Double> flipped = trajectory(ROBUST, -1e6);
    List<Double> plainLarge = trajectory(PLAIN_MEAN, 1e6);
    List<Double> plainFlipped = trajectory(PLAIN_MEAN, -1e6);
    System.out.printf("mean LR per generation%n  clean        %s%n  x1e6         %s (gap %.3f)%n"
            + "  x-1e6        %s (gap %.3f)%n"
            + "  plain x1e6   %s (gap %.3f)%n  plain x-1e6  %s (gap %.3f)%n", clean,
        large, largestRelativeGap(clean, large), flipped, largestRelativeGap(clean, flipped),
        plainLarge, largestRelativeGap(clean, plainLarge), plainFlipped, largestRelativeGap(clean, plainFlipped));
    assertTrue(largestRelativeGap(clean, large) <= BOUND, "x1e6 job moved the learner too far");
    assertTrue(largestRelativeGap(clean, flipped) <= BOUND, "x-1e6 job moved the learner too far");
    assertTrue(largestRelativeGap(clean, plainLarge) > BOUND, "without robust aggregation the x1e6 job should steer");
    assertTrue(largestRelativeGap(clean, plainFlipped) > BOUND,
        "without robust aggregation the x-1e6 job should steer");
  }
}
