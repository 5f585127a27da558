package dev.mlrs.agent.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.EsFitness;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.MetaOptimizerSettings;
import dev.mlrs.schemas.serde.AvroTrust;
import dev.mlrs.schemas.state.TrainerState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ES trainer's bookkeeping: guards, store keys, pairing and when a generation closes. */
class EsMetaTrainerPairingTest {
  static {
    AvroTrust.install();
  }


  static EsFitness fitness(long generation, String task, long seed, EsSide side, double f) {
    return EsFitness.newBuilder().setLearner("fleet").setGeneration(generation).setTaskKey(task).setSeed(seed)
        .setSide(side).setFitness(f).setJob(task + "-" + seed + "-" + side).setValidationLoss(f).setDiverged(false)
        .setNumClasses(10).build();
  }

  static TrainerState state(MetaObjective objective, long version, int pairs) {
    LearnerParams p = LearnerParams.newBuilder().setName("fleet").setVersion(version).setHiddenSize(2)
        .setMlpHiddenSize(2).setStages(List.of()).setOptimizer(MetaOptimizerSettings.newBuilder().build())
        .setOrigin("test").setCreatedAtMillis(0).setObjective(objective)
        .setEs(EsSettings.newBuilder().setPairsPerGeneration(pairs).setFitnessClip(2.0).build()).build();
    return new TrainerState(p, 0L, List.of(), List.of());
  }

  @Test
  void guards() {
    TrainerState open5 = state(MetaObjective.FLEET_ES, 5, 2);
    assertNull(EsMetaTrainer.problemWith("fleet", fitness(5, "t", 1, EsSide.PLUS, 0.5), open5));
    assertTrue(EsMetaTrainer.problemWith("x", fitness(5, "t", 1, EsSide.PLUS, 0.5), open5).contains("record key"));
    assertTrue(EsMetaTrainer.problemWith("fleet", fitness(5, "t", 1, EsSide.PLUS, 0.5), null).contains("unknown"));
    assertTrue(EsMetaTrainer.problemWith("fleet", fitness(5, "t", 1, EsSide.PLUS, 0.5),
        state(MetaObjective.ONE_STEP, 5, 2)).contains("ONE_STEP"));
    assertTrue(EsMetaTrainer.problemWith("fleet", fitness(4, "t", 1, EsSide.PLUS, 0.5), open5).contains("stale"));
    assertTrue(EsMetaTrainer.problemWith("fleet", fitness(6, "t", 1, EsSide.PLUS, 0.5), open5).contains("not begun"));
    for (double absurd : new double[] {-0.1, Double.NaN, 2 * Math.log(10) + 0.01}) {
      assertTrue(EsMetaTrainer.problemWith("fleet", fitness(5, "t", 1, EsSide.PLUS, absurd), open5)
          .contains("absurd"), "fitness " + absurd);
    }
    assertNull(EsMetaTrainer.problemWith("fleet", fitness(5, "t", 1, EsSide.PLUS, 2 * Math.log(10)), open5),
        "the clip itself is a valid fitness");
    EsFitness noClasses = EsFitness.newBuilder(fitness(5, "t", 1, EsSide.PLUS, 0.5)).setNumClasses(1).build();
    assertTrue(EsMetaTrainer.problemWith("fleet", noClasses, open5).contains("classes"));
  }

  @Test
  void storeKeysSortByGenerationAndSeparatePairsAndSides() {
    String g9 = EsMetaTrainer.poolKey(fitness(9, "t", 1, EsSide.PLUS, 0.5));
    String g10 = EsMetaTrainer.poolKey(fitness(10, "t", 1, EsSide.PLUS, 0.5));
    assertTrue(g9.compareTo(g10) < 0, "generation 9 sorts before 10");
    assertTrue(g10.compareTo(EsMetaTrainer.generationPrefix("fleet", 10)) > 0);
    assertTrue(g10.compareTo(EsMetaTrainer.generationEnd("fleet", 10)) < 0);
    assertTrue(g9.compareTo(EsMetaTrainer.generationEnd("fleet", 9)) < 0);
    assertTrue(g10.compareTo(EsMetaTrainer.generationEnd("fleet", 9)) > 0);
    assertNotEquals(g9, EsMetaTrainer.poolKey(fitness(9, "t", 1, EsSide.MINUS, 0.5)));
    assertNotEquals(EsMetaTrainer.poolKey(fitness(9, "t1", 1, EsSide.PLUS, 0.5)),
        EsMetaTrainer.poolKey(fitness(9, "t", 11, EsSide.PLUS, 0.5)), "task 't1' seed 1 is not task 't' seed 11");
    assertTrue(g9.startsWith(EsMetaTrainer.learnerPrefix("fleet")));
    assertTrue(g9.compareTo(EsMetaTrainer.learnerEnd("fleet")) < 0);
  }

  @Test
  void pairingMatchesSidesOfTheSameTaskAndSeed() {
    EsMetaTrainer.Pairing pairing = EsMetaTrainer.pair(List.of(
        fitness(3, "b", 1, EsSide.MINUS, 0.4),
        fitness(3, "a", 2, EsSide.PLUS, 0.1),
        fitness(3, "b", 1, EsSide.PLUS, 0.3),
        fitness(3, "a", 3, EsSide.MINUS, 0.2),
        fitness(3, "a", 2, EsSide.MINUS, 0.6)));
    assertEquals(2, pairing.complete().size());
    EsMetaTrainer.Pair first = pairing.complete().get(0);
    assertEquals("a", first.plus().getTaskKey());
    assertEquals(2, first.plus().getSeed());
    assertEquals(EsSide.PLUS, first.plus().getSide());
    assertEquals(EsSide.MINUS, first.minus().getSide());
    assertEquals(0.6, first.minus().getFitness(), 0.0);
    assertEquals("b", pairing.complete().get(1).plus().getTaskKey());
    assertEquals(1, pairing.incomplete().size());
    assertEquals(3, pairing.incomplete().get(0).getSeed());
  }

  @Test
  void aGenerationClosesAtPairsPerGenerationCompletePairs() {
    TrainerState s = state(MetaObjective.FLEET_ES, 3, 2);
    EsMetaTrainer.Pairing one = EsMetaTrainer.pair(List.of(fitness(3, "a", 1, EsSide.PLUS, 0.1),
        fitness(3, "a", 1, EsSide.MINUS, 0.2), fitness(3, "a", 2, EsSide.PLUS, 0.2)));
    assertTrue(!EsMetaTrainer.closes(s, one));
    EsMetaTrainer.Pairing two = EsMetaTrainer.pair(List.of(fitness(3, "a", 1, EsSide.PLUS, 0.1),
        fitness(3, "a", 1, EsSide.MINUS, 0.2), fitness(3, "a", 2, EsSide.PLUS, 0.2),
        fitness(3, "a", 2, EsSide.MINUS, 0.2)));
    assertTrue(EsMetaTrainer.closes(s, two));
  }
}
