package dev.mlrs.agent.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.AdamOptimizer;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.MetaOptimizerSettings;
import dev.mlrs.schemas.state.PoolStatus;
import dev.mlrs.schemas.state.PooledGradient;
import dev.mlrs.schemas.state.TrainerState;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-step trainer without Kafka: guards, pooling per job, when a pool is due, the Adam update. */
class OneStepMetaTrainerTest {
  private static final CellShape SHAPE = new CellShape(3, 2);
  private static final int N = SHAPE.parameterCount();
  private final OneStepMetaTrainer trainer = new OneStepMetaTrainer(
      MetaTrainerSettings.DEFAULTS.withUpdateBatch(3).withMaxWait(Duration.ofSeconds(2)).withMaxStaleness(2));

  private static LearnerParams learner(long version) {
    LearnerParams p = LearnerFactory.fromScratch("tiny", SHAPE, 1, 0.3, 0L);
    return LearnerParams.newBuilder(p).setVersion(version)
        .setOptimizer(MetaOptimizerSettings.newBuilder().setLearningRate(0.01).build()).build();
  }

  private static TrainerState state(long version) {
    return OneStepMetaTrainer.adopt(Learner.of(learner(version)));
  }

  private static MetaGradient gradient(String job, long version, double... values) {
    double[] g = new double[N];
    for (int k = 0; k < N; k++) {
      g[k] = values[k % values.length];
    }
    return MetaGradient.newBuilder().setLearner("tiny").setLearnerVersion(version).setStage(0).setJob(job).setStep(1)
        .setHypergradient(0.1).setValLoss(1).setGradient(WeightArrays.toList(g)).build();
  }

  @Test
  void adoptingAVersionStartsAdamAtZero() {
    TrainerState s = state(4);
    assertEquals(4, s.getParams().getVersion());
    assertEquals(0, s.getAdamStep());
    assertEquals(N, s.getM().size());
    assertTrue(s.getV().stream().allMatch(v -> v == 0.0));
  }

  @Test
  void guardsSayWhatIsWrong() {
    TrainerState s = state(5);
    assertNull(trainer.problemWith("tiny", gradient("j", 5, 0.1), s));
    assertTrue(trainer.problemWith("other", gradient("j", 5, 0.1), s).contains("record key"));
    assertTrue(trainer.problemWith("tiny", gradient("j", 5, 0.1), null).contains("unknown learner"));
    assertTrue(trainer.problemWith("tiny", gradient("j", 2, 0.1), s).contains("stale"));
    assertNull(trainer.problemWith("tiny", gradient("j", 3, 0.1), s), "two versions behind is allowed");
    assertTrue(trainer.problemWith("tiny", gradient("j", 5, 0.1, Double.NaN), s).contains("non-finite"));
    MetaGradient shortOne = MetaGradient.newBuilder(gradient("j", 5, 0.1)).setGradient(List.of(1.0)).build();
    assertTrue(trainer.problemWith("tiny", shortOne, s).contains("1 entries"));
    TrainerState es = new TrainerState(LearnerParams.newBuilder(learner(5)).setObjective(MetaObjective.FLEET_ES)
        .build(), 0L, s.getM(), s.getV());
    assertTrue(trainer.problemWith("tiny", gradient("j", 5, 0.1), es).contains("FLEET_ES"));
  }

  @Test
  void poolingSumsPerJobAndKeepsTheOldestVersion() {
    PooledGradient one = trainer.pool(null, gradient("j", 7, 1.0));
    PooledGradient two = trainer.pool(one, gradient("j", 6, 3.0));
    assertEquals(2, two.getCount());
    assertEquals(6, two.getOldestVersion());
    assertEquals(4.0, two.getSum().get(0), 0.0);
    assertEquals(1.0, one.getSum().get(0), 0.0, "the earlier entry is not modified");
  }

  @Test
  void aPoolIsDueWhenFullOrWhenItsFirstGradientWaitedLongEnough() {
    PoolStatus first = OneStepMetaTrainer.grow(null, 1000);
    PoolStatus second = OneStepMetaTrainer.grow(first, 1500);
    assertEquals(2, second.getSize());
    assertEquals(1000, second.getStartedAtMillis());
    assertFalse(trainer.full(second));
    assertTrue(trainer.full(OneStepMetaTrainer.grow(second, 1600)));
    assertFalse(trainer.waitedLongEnough(second, 2999));
    assertTrue(trainer.waitedLongEnough(second, 3000));
    assertFalse(trainer.waitedLongEnough(new PoolStatus(0, 0L), 10_000));
  }

  @Test
  void anUpdateIsOneAdamStepOnTheMeanOfTheJobsMeans() {
    OneStepMetaTrainer trainer = new OneStepMetaTrainer(MetaTrainerSettings.DEFAULTS.withClipMultiplier(10));
    TrainerState s = state(3);
    // job a sends 1 and 3 (mean 2 everywhere), job b once 2, 6, 2, 6, ...: within 10x of a's norm, not clipped
    PooledGradient a =
        trainer.pool(trainer.pool(null, gradient("a", 3, 1.0)), gradient("a", 3, 3.0));
    PooledGradient b = trainer.pool(null, gradient("b", 3, 2.0, 6.0));
    OneStepMetaTrainer.Update update = trainer.update(s, List.of(a, b), 42L);

    double[] expected = WeightArrays.toArray(s.getParams().getStages().get(0).getWeights());
    double[] g = new double[N];
    for (int k = 0; k < N; k++) {
      g[k] = (2.0 + (k % 2 == 0 ? 2.0 : 6.0)) / 2;
    }
    double[] m = new double[N];
    double[] v = new double[N];
    AdamOptimizer.step(Learner.of(s.getParams()).optimizer(), expected, g, m, v, 1);
    assertArrayEquals(expected, WeightArrays.toArray(update.published().getStages().get(0).getWeights()), 1e-15);
    assertArrayEquals(m, WeightArrays.toArray(update.state().getM()), 1e-15);
    assertArrayEquals(v, WeightArrays.toArray(update.state().getV()), 1e-15);
    assertEquals(4, update.published().getVersion());
    assertEquals(42L, update.published().getCreatedAtMillis());
    assertEquals(3, update.published().getGradientsApplied());
    assertEquals(1, update.state().getAdamStep());
    assertEquals(update.published(), update.state().getParams());
    assertEquals(3, update.gradients());
    assertEquals(2, update.jobs());
    assertTrue(update.published().getOrigin().contains("3 gradient(s) from 2 job(s)"));
    assertTrue(Arrays.stream(expected).allMatch(Double::isFinite));
  }

  @Test
  void aJobFarLargerThanTheOthersIsClippedToTheMedianNorm() {
    TrainerState s = state(3);
    PooledGradient honest = trainer.pool(null, gradient("honest", 3, 1.0));
    PooledGradient hostile = trainer.pool(null, gradient("hostile", 3, 1000.0));
    OneStepMetaTrainer.Update update = trainer.update(s, List.of(honest, hostile), 0L);
    double[] expected = WeightArrays.toArray(s.getParams().getStages().get(0).getWeights());
    double[] g = new double[N];
    Arrays.fill(g, 1.0);
    AdamOptimizer.step(Learner.of(s.getParams()).optimizer(), expected, g, new double[N], new double[N], 1);
    assertArrayEquals(expected, WeightArrays.toArray(update.published().getStages().get(0).getWeights()), 1e-12);
    assertEquals(1, update.combined().clipped());
  }

  @Test
  void aGradientClaimingAVersionAboveTheLearnersIsRejected() {
    String problem = trainer.problemWith("tiny", gradient("j", 4, 1.0), state(3));
    assertTrue(problem != null && problem.contains("claims version 4"), problem);
  }

  @Test
  void onlyJobsWithEnoughEarlierGradientsAreEstablished() {
    PooledGradient veteran = trainer.pool(null, gradient("veteran", 3, 1.0));
    PooledGradient newcomer = trainer.pool(trainer.pool(null, gradient("newcomer", 3, 1.0)), gradient("newcomer", 3,
        1.0));
    // accepted so far, this pool included: veteran 4 (3 before), newcomer 4 (2 before)
    List<PooledGradient> established = trainer.established(List.of(veteran, newcomer), job -> 4);
    assertEquals(List.of(veteran), established);
  }

  @Test
  void eachGradientIsCappedToTheLearnersNormBeforePooling() {
    PooledGradient entry = trainer.pool(trainer.pool(null, gradient("j", 3, 1.5e308)), gradient("j", 3, 1.5e308));
    double[] sum = WeightArrays.toArray(entry.getSum());
    assertTrue(Arrays.stream(sum).allMatch(Double::isFinite));
    assertEquals(2 * MetaTrainerSettings.DEFAULTS.maxNorm(), RobustAggregator.norm(sum), 1e-9);
  }

  @Test
  void anEmptyPoolIsNoUpdate() {
    assertThrows(IllegalArgumentException.class, () -> trainer.update(state(1), List.of(), 0L));
  }
}
