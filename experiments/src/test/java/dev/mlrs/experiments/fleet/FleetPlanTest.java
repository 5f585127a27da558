package dev.mlrs.experiments.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.experiments.TaskSpec;
import dev.mlrs.schemas.EsSubspace;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetPlanTest {
  private static final TaskSpec A = new TaskSpec("a", "digits", "mlp", "sgd", 0, 32, 1, 0, 0, 100, null);
  private static final TaskSpec B = new TaskSpec("b", "digits", "mlp", "sgd", 0, 64, 1, 0, 0, 100, null);

  @Test
  void presetsLoadWithMetaTrainingSeedsApartFromEvaluationSeeds() throws Exception {
    for (String name : new String[] {"default", "quick"}) {
      FleetPlan plan = FleetPlan.preset(name);
      assertTrue(plan.seedBase() >= FleetPlan.MIN_SEED_BASE, name);
      assertEquals(EsSubspace.HEAD, plan.subspace(), name);
      assertEquals("mlrsnet-paper", plan.baseLearner(), name);
    }
    assertThrows(IllegalArgumentException.class, () -> FleetPlan.preset("nope"));
  }

  @Test
  void pairsCycleThroughTheTaskMixAndOverridesKeepTheRest() {
    FleetPlan plan = new FleetPlan("f", null, 0, null, null, null, 0.1, 2, 0.1, 5, 0, 10_000, List.of(A, B));
    assertEquals(List.of("a", "b", "a", "b"), List.of(plan.taskOfPair(0).name(), plan.taskOfPair(1).name(),
        plan.taskOfPair(2).name(), plan.taskOfPair(3).name()));
    assertEquals(6, plan.knots());
    assertEquals(4, plan.concurrency(), "both sides of every pair at once by default");
    FleetPlan longer = plan.withGenerations(9).withLearner("g");
    assertEquals(9, longer.generations());
    assertEquals("g", longer.learner());
    assertEquals(plan.tasks(), longer.tasks());
  }

  @Test
  void refusesSeedsThatAnEvaluationCouldUseAndEmptySettings() {
    IllegalArgumentException seeds = assertThrows(IllegalArgumentException.class,
        () -> new FleetPlan("f", null, 0, null, null, null, 0.1, 2, 0.1, 5, 0, 3, List.of(A)));
    assertTrue(seeds.getMessage().contains("seedBase"), seeds.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new FleetPlan("f", null, 0, null, null, null, 0, 2, 0.1, 5, 0, 10_000, List.of(A)));
    assertThrows(IllegalArgumentException.class,
        () -> new FleetPlan("f", null, 0, null, null, null, 0.1, 2, 0.1, 5, 0, 10_000, List.of()));
  }

  @Test
  void anAblationWithoutHeadHasNoKnotsAndCannotTrainTheHeadSubspace() {
    FleetPlan lossOnly = new FleetPlan("f", null, 6, false, false, EsSubspace.SUBSPACE, 0.1, 2, 0.1, 5, 0, 10_000,
        List.of(A));
    assertEquals(0, lossOnly.knots());
    assertEquals(false, lossOnly.progressInput());
    assertEquals(lossOnly, lossOnly.withGenerations(5));
    IllegalArgumentException head = assertThrows(IllegalArgumentException.class,
        () -> new FleetPlan("f", null, 0, true, false, EsSubspace.HEAD, 0.1, 2, 0.1, 5, 0, 10_000, List.of(A)));
    assertTrue(head.getMessage().contains("HEAD"), head.getMessage());
  }
}
