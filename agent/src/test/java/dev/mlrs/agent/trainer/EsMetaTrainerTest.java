package dev.mlrs.agent.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.es.EsEstimator;
import dev.mlrs.agent.es.EsPairKey;
import dev.mlrs.agent.es.EsPairResult;
import dev.mlrs.agent.es.EsSubspaceMask;
import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.schemas.EsFitness;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.EsSubspace;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.MetaOptimizerSettings;
import dev.mlrs.schemas.serde.AvroTrust;
import dev.mlrs.schemas.state.TrainerState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ES trainer without Kafka: guards, store keys, pairing, when a generation closes and what closing does. */
class EsMetaTrainerTest {
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
        .setMlpHiddenSize(2).setStages(List.of(LearnerFactory.stage(0, new double[1])))
        .setOptimizer(MetaOptimizerSettings.newBuilder().build())
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
    TrainerState frozen = new TrainerState(LearnerParams.newBuilder(open5.getParams()).setStages(List.of(
        LearnerFactory.stage(0, new double[1]), LearnerFactory.stage(0.5, new double[1]))).build(), 0L, List.of(),
        List.of());
    assertTrue(EsMetaTrainer.problemWith("fleet", fitness(5, "t", 1, EsSide.PLUS, 0.5), frozen).contains("stages"));
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

  @Test
  void closingAGenerationIsOneAdamStepOnTheSubspaceAndTheNextGeneration() {
    LearnerParams base = LearnerFactory.fromScratch("base", new CellShape(4, 3), 2, 0.4, 0L);
    LearnerParams v1 = LearnerFactory.scheduleAware(base, "fleet", 4, EsSettings.newBuilder().setSigma(0.2)
        .setPairsPerGeneration(2).setLearningRate(0.05).setSubspace(EsSubspace.HEAD).build(), 0L);
    Learner centre = Learner.of(v1);
    TrainerState s1 = EsMetaTrainer.adopt(centre);
    EsMetaTrainer.Pairing pairing = EsMetaTrainer.pair(List.of(fitness(1, "t", 1, EsSide.PLUS, 0.3),
        fitness(1, "t", 1, EsSide.MINUS, 0.5), fitness(1, "t", 2, EsSide.MINUS, 0.4),
        fitness(1, "t", 2, EsSide.PLUS, 0.2), fitness(1, "t", 3, EsSide.PLUS, 0.9)));
    EsMetaTrainer.Update update = EsMetaTrainer.close(s1, pairing, 77L);

    EsSubspaceMask mask = EsSubspaceMask.of(centre.shape(), EsSubspace.HEAD);
    double[] g = EsEstimator.gradient(mask, "fleet", 1, List.of(new EsPairResult(new EsPairKey("t", 1), 0.3, 0.5),
        new EsPairResult(new EsPairKey("t", 2), 0.2, 0.4)), 0.2);
    double[] phi = centre.weights(0).clone();
    double[] m = new double[phi.length];
    double[] v = new double[phi.length];
    EsEstimator.update(phi, g, m, v, 1, 0.05);
    double[] published = WeightArrays.toArray(update.published().getStages().get(0).getWeights());
    assertArrayEquals(phi, published, 0.0);
    for (int k = 0; k < phi.length; k++) {
      if (!mask.contains(k)) {
        assertEquals(centre.weights(0)[k], published[k], 0.0, "weight " + k + " lies outside the subspace");
      }
    }
    assertTrue(mask.size() < phi.length);
    assertEquals(2, update.published().getVersion());
    assertEquals(1, update.published().getEs().getGeneration());
    assertEquals(4, update.published().getEs().getRunsUsed());
    assertEquals(77L, update.published().getCreatedAtMillis());
    assertEquals(MetaObjective.FLEET_ES, update.published().getObjective());
    assertEquals(1, update.state().getAdamStep());
    assertArrayEquals(m, WeightArrays.toArray(update.state().getM()), 0.0);
    assertArrayEquals(v, WeightArrays.toArray(update.state().getV()), 0.0);
    assertEquals(2, update.pairs().size());
    assertEquals(1, update.leftOver().size());
    assertEquals(3, update.leftOver().get(0).getSeed());
    assertTrue(update.gradientNorm() > 0);

    EsMetaTrainer.Update second = EsMetaTrainer.close(update.state(), EsMetaTrainer.pair(List.of(
        fitness(2, "t", 1, EsSide.PLUS, 0.3), fitness(2, "t", 1, EsSide.MINUS, 0.3))), 78L);
    assertEquals(2, second.state().getAdamStep(), "Adam continues from the stored moments");
    assertEquals(3, second.published().getVersion());
    assertEquals(6, second.published().getEs().getRunsUsed());
  }

  @Test
  void aGenerationWithoutACompletePairCannotClose() {
    LearnerParams base = LearnerFactory.fromScratch("base", new CellShape(4, 3), 2, 0.4, 0L);
    TrainerState s = EsMetaTrainer.adopt(Learner.of(LearnerFactory.scheduleAware(base, "fleet", 4, null, 0L)));
    assertThrows(IllegalArgumentException.class, () -> EsMetaTrainer.close(s,
        EsMetaTrainer.pair(List.of(fitness(1, "t", 1, EsSide.PLUS, 0.3))), 0L));
  }
}
