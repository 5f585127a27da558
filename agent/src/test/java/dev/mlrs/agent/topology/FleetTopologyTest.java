package dev.mlrs.agent.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.es.EsEstimator;
import dev.mlrs.agent.es.EsNoise;
import dev.mlrs.agent.es.EsPairKey;
import dev.mlrs.agent.es.EsPairResult;
import dev.mlrs.agent.es.EsPerturbation;
import dev.mlrs.agent.es.EsSubspaceMask;
import dev.mlrs.agent.job.JobStepper;
import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.EsEnrolment;
import dev.mlrs.schemas.EsFitness;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.Rejected;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.ValidationReport;
import dev.mlrs.schemas.state.JobState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet objective through the real topology: enrolment, serving phi_g +- sigma * epsilon, run results,
 * pairing, generation close, and every kind of result that is not used.
 */
class FleetTopologyTest {
  static final String FLEET = "fleet";
  static final double SIGMA = 0.1;
  private AgentDriver agent;

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  /** A small schedule-aware FLEET_ES learner serving {@code initialOutput} * gamma before training. */
  static LearnerParams fleetLearner(String name, double initialOutput, int pairs, double learningRate) {
    LearnerParams base = LearnerFactory.fromScratch("base", new CellShape(8, 4), 5, initialOutput, 0L);
    return LearnerFactory.scheduleAware(base, name, 6, EsSettings.newBuilder().setSigma(SIGMA)
        .setPairsPerGeneration(pairs).setLearningRate(learningRate).build(), 0L);
  }

  static EsEnrolment es(String task, long seed, EsSide side) {
    return EsEnrolment.newBuilder().setTaskKey(task).setSeed(seed).setSide(side).build();
  }

  static StepReport.Builder step(String job, long t, double loss, EsEnrolment es) {
    return StepReport.newBuilder().setJob(job).setStep(t).setLoss(loss).setLearner(FLEET).setMode(LearnerMode.LEARN)
        .setGamma(0.5).setNumClasses(10).setTotalSteps(20).setEs(es);
  }

  static RunResult result(String job, long lastStep, double loss) {
    return RunResult.newBuilder().setJob(job).setLastStep(lastStep).setValidationLoss(loss).build();
  }

  private void start(int versionsKept, LearnerParams... learners) {
    agent = new AgentDriver(new MetaTrainerSettings(2, Duration.ofHours(1), 10, 1.0, 100.0, versionsKept, 0));
    LearnerFactory.shipped(0L).forEach(agent::publish);
    for (LearnerParams p : learners) {
      agent.publish(p);
    }
  }

  /** The weights a side of a pair is served in a generation, from the es package directly. */
  static double[] served(LearnerParams centre, String task, long seed, EsSide side) {
    Learner learner = Learner.of(centre);
    EsSubspaceMask mask = EsSubspaceMask.of(learner.shape(), centre.getEs().getSubspace());
    double[] epsilon = EsNoise.epsilon(mask, centre.getName(), centre.getVersion(), new EsPairKey(task, seed));
    return EsPerturbation.apply(learner.weights(0), epsilon, SIGMA, side);
  }

  /** Runs {@code steps} steps of a job (loss 2 - 0.05 t) and returns its decisions. */
  private List<LrDecision> run(String job, int from, int steps, EsEnrolment es) {
    for (int t = from; t < from + steps; t++) {
      agent.step(step(job, t, 2.0 - 0.05 * t, es).build());
    }
    return agent.lr.readValuesToList();
  }

  @Test
  void bothSidesOfAPairAreServedPhiPlusAndMinusTheSameEpsilonAndOthersTheCentre() {
    LearnerParams v1 = fleetLearner(FLEET, 0.3, 2, 0.05);
    start(16, v1);
    Learner centre = Learner.of(v1);
    double[] plus = served(v1, "nqm", 7, EsSide.PLUS);
    double[] minus = served(v1, "nqm", 7, EsSide.MINUS);
    JobStepper offlinePlus = new JobStepper();
    JobStepper offlineMinus = new JobStepper();
    JobStepper offlineCentre = new JobStepper();
    JobState sp = null;
    JobState sm = null;
    JobState sc = null;
    for (int t = 0; t < 6; t++) {
      StepReport rp = step("p", t, 2.0 - 0.1 * t, es("nqm", 7, EsSide.PLUS)).build();
      StepReport rm = step("m", t, 2.0 - 0.1 * t, es("nqm", 7, EsSide.MINUS)).build();
      StepReport rc = step("c", t, 2.0 - 0.1 * t, null).build();
      agent.step(rp);
      agent.step(rm);
      agent.step(rc);
      LrDecision dp = agent.lr.readValue();
      LrDecision dm = agent.lr.readValue();
      LrDecision dc = agent.lr.readValue();
      JobStepper.Served ep = offlinePlus.step(sp, rp, centre, plus);
      JobStepper.Served em = offlineMinus.step(sm, rm, centre, minus);
      JobStepper.Served ec = offlineCentre.step(sc, rc, centre);
      sp = ep.next();
      sm = em.next();
      sc = ec.next();
      assertEquals(ep.lr(), dp.getLr(), 1e-15, "PLUS step " + t);
      assertEquals(em.lr(), dm.getLr(), 1e-15, "MINUS step " + t);
      assertEquals(ec.lr(), dc.getLr(), 1e-15, "centre step " + t);
      assertNotEquals(dp.getLr(), dm.getLr(), "the two sides differ at step " + t);
      assertEquals(1L, dp.getEsGeneration());
      assertEquals(EsSide.PLUS, dp.getEsSide());
      assertEquals(1L, dm.getEsGeneration());
      assertEquals(EsSide.MINUS, dm.getEsSide());
      assertEquals(1, dp.getLearnerVersion());
      assertNull(dc.getEsGeneration(), "a job without es is not enrolled");
      assertNull(dc.getEsSide());
    }
    for (int k = 0; k < plus.length; k++) {
      assertEquals(2 * centre.weights(0)[k], plus[k] + minus[k], 1e-12, "antithetic around phi at " + k);
    }
    List<TestRecord<String, LearnerParams>> history = agent.learnerHistory.readRecordsToList();
    assertEquals(1, history.size(), "the generation's centre is kept once");
    assertEquals("fleet@1", history.get(0).key());
    assertEquals(v1, history.get(0).value());
    assertTrue(agent.rejected.isEmpty());
  }

  @Test
  void anEnrolledJobKeepsItsGenerationAfterTheLearnerMovesAndNoInstanceHoldsItDecoded() {
    LearnerParams v1 = fleetLearner(FLEET, 0.3, 2, 0.05);
    start(1, v1);   // the registry keeps one version per learner: the old one must come from learner-history
    run("p", 0, 2, es("nqm", 7, EsSide.PLUS));
    LearnerParams v2 = LearnerParams.newBuilder(fleetLearner(FLEET, 0.6, 2, 0.05)).setVersion(2).build();
    agent.publish(v2);
    agent.step(JobTopologyTest.report("frozen", 0, 2.0).setLearner(FLEET).setGamma(0.5).build());
    assertEquals(2, agent.lr.readValue().getLearnerVersion(), "new jobs get the new version");

    LrDecision later = run("p", 2, 1, es("nqm", 7, EsSide.PLUS)).get(0);
    assertEquals(1, later.getLearnerVersion());
    assertEquals(1L, later.getEsGeneration());
    JobStepper offline = new JobStepper();
    JobState s = null;
    double expected = 0;
    for (int t = 0; t < 3; t++) {
      JobStepper.Served served = offline.step(s, step("p", t, 2.0 - 0.05 * t, es("nqm", 7, EsSide.PLUS)).build(),
          Learner.of(v1), served(v1, "nqm", 7, EsSide.PLUS));
      s = served.next();
      expected = served.lr();
    }
    assertEquals(expected, later.getLr(), 1e-15, "served phi_1 + sigma epsilon after the move");
    LrDecision next = run("q", 0, 1, es("nqm", 8, EsSide.PLUS)).get(0);
    assertEquals(2L, next.getEsGeneration(), "a new run enrols in the current generation");
    assertTrue(agent.rejected.isEmpty());
  }

  @Test
  void enrolmentChangesAndEsOnTheWrongLearnerOrModeAreRejected() {
    start(16, fleetLearner(FLEET, 0.3, 2, 0.05));
    agent.step(step("a", 0, 2.0, es("t", 1, EsSide.PLUS)).setLearner(LearnerFactory.MLRSNET_PAPER).build());
    assertRejected("ONE_STEP");
    agent.step(step("b", 0, 2.0, es("t", 1, EsSide.PLUS)).setMode(LearnerMode.FROZEN).build());
    assertRejected("FROZEN");
    run("c", 0, 1, es("t", 1, EsSide.PLUS));
    agent.step(step("c", 1, 2.0, es("t", 1, EsSide.MINUS)).build());
    assertRejected("es changed mid-run");
    agent.step(step("c", 1, 2.0, null).build());
    assertRejected("must repeat");
    run("d", 0, 1, null);
    agent.step(step("d", 1, 2.0, es("t", 1, EsSide.PLUS)).build());
    assertRejected("without es");
    assertEquals(DecisionStatus.OK, run("c", 1, 1, es("t", 1, EsSide.PLUS)).get(0).getStatus(),
        "the enrolled job continues once it reports its enrolment again");
  }

  private void assertRejected(String reason) {
    LrDecision d = agent.lr.readValue();
    assertEquals(DecisionStatus.REJECTED, d.getStatus());
    assertTrue(d.getReason().contains(reason), d.getReason());
    Rejected r = agent.rejected.readValue();
    assertEquals("steps", r.getSourceTopic());
    assertEquals(d.getReason(), r.getReason());
    assertTrue(agent.lr.isEmpty());
  }

  @Test
  void aRunResultBecomesAFitnessRecordKeyedByLearnerAndIsUsedOnce() {
    start(16, fleetLearner(FLEET, 0.3, 2, 0.05));
    run("p", 0, 3, es("nqm", 7, EsSide.PLUS));
    agent.runResult(result("p", 2, 0.7));
    TestRecord<String, EsFitness> out = agent.esFitness.readRecord();
    assertEquals(FLEET, out.key());
    EsFitness f = out.value();
    assertEquals(1, f.getGeneration());
    assertEquals("nqm", f.getTaskKey());
    assertEquals(7, f.getSeed());
    assertEquals(EsSide.PLUS, f.getSide());
    assertEquals(0.7, f.getFitness(), 1e-15);
    assertEquals("p", f.getJob());
    assertTrue(agent.rejected.isEmpty(), "the trainer pooled it");

    agent.runResult(result("p", 2, 0.6));
    assertEquals("run-results", assertRejectedResult("duplicate").getSourceTopic());
    agent.runResult(result("ghost", 0, 0.6));
    assertRejectedResult("no step");
    run("plain", 0, 1, null);
    agent.runResult(result("plain", 0, 0.6));
    assertRejectedResult("not enrolled");
    run("n", 0, 1, es("nqm", 9, EsSide.PLUS));
    agent.runResult(result("n", 0, -1));
    assertRejectedResult("negative");
    agent.runResults.pipeInput("n", "not avro".getBytes(StandardCharsets.UTF_8));
    assertRejectedResult("RunResult");
    agent.step(step("p", 3, 1.0, es("nqm", 7, EsSide.PLUS)).build());
    assertEquals(DecisionStatus.REJECTED, agent.lr.readValue().getStatus(), "a finished run takes no more steps");
    assertRejectedResult("already sent");
    assertTrue(agent.esFitness.isEmpty());
  }

  private Rejected assertRejectedResult(String reason) {
    Rejected r = agent.rejected.readValue();
    assertTrue(r.getReason().contains(reason), r.getReason());
    return r;
  }

  @Test
  void aGenerationClosesAtPairsPerGenerationCompletePairsWithOneAntitheticAdamStep() {
    LearnerParams v1 = fleetLearner(FLEET, 0.3, 2, 0.05);
    start(16, v1);
    for (long seed = 1; seed <= 3; seed++) {
      for (EsSide side : EsSide.values()) {
        run("j" + seed + side, 0, 2, es("nqm", seed, side));
      }
    }
    agent.learnerHistory.readRecordsToList();
    agent.runResult(result("j1PLUS", 1, 0.5));
    agent.runResult(result("j1MINUS", 1, 0.9));
    agent.runResult(result("j3PLUS", 1, 0.4));
    agent.runResult(result("j2PLUS", 1, 1.2));
    assertTrue(agent.metaParams.isEmpty(), "one complete pair of two");
    agent.runResult(result("j2MINUS", 1, 0.8));

    LearnerParams v2 = agent.metaParams.readValue();
    Learner centre = Learner.of(v1);
    EsSubspaceMask mask = EsSubspaceMask.of(centre.shape(), v1.getEs().getSubspace());
    double[] g = EsEstimator.gradient(mask, FLEET, 1, List.of(
        new EsPairResult(new EsPairKey("nqm", 1), 0.5, 0.9),
        new EsPairResult(new EsPairKey("nqm", 2), 1.2, 0.8)), SIGMA);
    double[] phi = centre.weights(0).clone();
    EsEstimator.update(phi, g, new double[phi.length], new double[phi.length], 1, 0.05);
    assertArrayEquals(phi, WeightArrays.toArray(v2.getStages().get(0).getWeights()), 1e-15);
    assertEquals(2, v2.getVersion());
    assertEquals(1, v2.getEs().getGeneration());
    assertEquals(4, v2.getEs().getRunsUsed());
    assertTrue(v2.getOrigin().contains("2 antithetic pair(s)"), v2.getOrigin());
    TestRecord<String, LearnerParams> kept = agent.learnerHistory.readRecord();
    assertEquals("fleet@2", kept.key());
    assertEquals(v2, kept.value());

    Rejected lone = agent.rejected.readValue();
    assertTrue(lone.getReason().contains("never arrived") && lone.getReason().contains("j3PLUS"), lone.getReason());
    assertEquals(-1L, lone.getOffset());
    assertEquals(AgentTopics.esFitness(AgentDriver.TOPICS), lone.getSourceTopic());
    agent.runResult(result("j3MINUS", 1, 0.7));
    assertTrue(agent.rejected.readValue().getReason().contains("stale"));
    assertTrue(agent.rejected.isEmpty());
    assertEquals(2L, run("late", 0, 1, es("nqm", 4, EsSide.PLUS)).get(0).getEsGeneration());
  }

  @Test
  void theTrainerRejectsDuplicateAbsurdStaleAndFutureFitness() {
    start(16, fleetLearner(FLEET, 0.3, 2, 0.05));
    EsFitness ok = EsFitness.newBuilder().setLearner(FLEET).setGeneration(1).setTaskKey("t").setSeed(1)
        .setSide(EsSide.PLUS).setFitness(0.5).setJob("a").setValidationLoss(0.5).setNumClasses(10).build();
    agent.fitness(ok);
    assertTrue(agent.rejected.isEmpty());
    agent.fitness(EsFitness.newBuilder(ok).setJob("b").build());
    assertTrainerRejected("duplicate");
    agent.fitness(EsFitness.newBuilder(ok).setSide(EsSide.MINUS).setFitness(-1).build());
    assertTrainerRejected("absurd");
    agent.fitness(EsFitness.newBuilder(ok).setSide(EsSide.MINUS).setFitness(100).build());
    assertTrainerRejected("absurd");
    agent.fitness(EsFitness.newBuilder(ok).setGeneration(2).build());
    assertTrainerRejected("not begun");
    agent.fitness(EsFitness.newBuilder(ok).setLearner("ghost").build());
    assertTrainerRejected("unknown learner");
    agent.fitness(EsFitness.newBuilder(ok).setLearner(LearnerFactory.MLRSNET_PAPER).build());
    assertTrainerRejected("ONE_STEP");
    agent.esFitnessIn.pipeInput("other", dev.mlrs.schemas.serde.MlrsSerdes.ES_FITNESS.encode(ok));
    assertTrainerRejected("record key");
    assertTrue(agent.metaParams.isEmpty());
  }

  private void assertTrainerRejected(String reason) {
    Rejected r = agent.rejected.readValue();
    assertEquals(AgentTopics.esFitness(AgentDriver.TOPICS), r.getSourceTopic());
    assertTrue(r.getReason().contains(reason), r.getReason());
  }

  @Test
  void aVersionPublishedFromElsewhereAbandonsTheOpenGeneration() {
    start(16, fleetLearner(FLEET, 0.3, 2, 0.05));
    run("p", 0, 1, es("nqm", 1, EsSide.PLUS));
    run("m", 0, 1, es("nqm", 1, EsSide.MINUS));
    agent.runResult(result("p", 0, 0.5));
    agent.publish(LearnerParams.newBuilder(fleetLearner(FLEET, 0.3, 2, 0.05)).setVersion(5).setOrigin("imported")
        .build());
    agent.runResult(result("m", 0, 0.6));
    List<String> reasons = agent.rejected.readValuesToList().stream().map(Rejected::getReason).toList();
    assertEquals(2, reasons.size(), reasons.toString());
    assertTrue(reasons.get(0).contains("moved to version 5") && reasons.get(0).contains("'p'"), reasons.get(0));
    assertTrue(reasons.get(1).contains("stale") && reasons.get(1).contains("'m'"), reasons.get(1));
  }

  @Test
  void validationReportsDoNotTrainAFleetLearner() {
    start(16, fleetLearner(FLEET, 0.3, 2, 0.05));
    agent.step(step("c", 0, 2.0, null).setValidate(true).build());
    agent.step(step("e", 0, 2.0, es("t", 1, EsSide.PLUS)).setValidate(true).build());
    assertEquals(2, agent.lr.readValuesToList().size());
    agent.validate(ValidationReport.newBuilder().setJob("c").setStep(0).setValLoss(1).setHypergradient(0.1).build());
    agent.validate(ValidationReport.newBuilder().setJob("e").setStep(0).setValLoss(1).setHypergradient(0.1).build());
    List<String> reasons = agent.rejected.readValuesToList().stream().map(Rejected::getReason).toList();
    assertTrue(reasons.get(0).contains("FLEET_ES"), reasons.get(0));
    assertTrue(reasons.get(1).contains("enrolled"), reasons.get(1));
    assertTrue(agent.metaGradients.isEmpty());
  }

  @Test
  void bothObjectivesTrainTheirOwnLearnerOnOneAgent() {
    start(16, fleetLearner(FLEET, 0.3, 1, 0.05));
    for (String job : List.of("a", "b")) {
      agent.step(JobTopologyTest.report(job, 0, 2.0).setMode(LearnerMode.LEARN).setValidate(true).build());
      agent.validate(ValidationReport.newBuilder().setJob(job).setStep(0).setValLoss(1).setHypergradient(0.2).build());
    }
    run("p", 0, 2, es("nqm", 1, EsSide.PLUS));
    run("m", 0, 2, es("nqm", 1, EsSide.MINUS));
    agent.runResult(result("p", 1, 0.5));
    agent.runResult(result("m", 1, 0.7));
    Map<String, Long> versions = agent.metaParams.readValuesToList().stream()
        .collect(Collectors.toMap(LearnerParams::getName, LearnerParams::getVersion, Math::max));
    assertEquals(Map.of(LearnerFactory.MLRSNET_PAPER, 2L, FLEET, 2L), versions);
    agent.step(JobTopologyTest.report("x", 0, 2.0).build());
    agent.step(JobTopologyTest.report("y", 0, 2.0).setLearner(FLEET).setGamma(0.5).build());
    List<LrDecision> frozen = agent.lr.readValuesToList();
    assertEquals(2, frozen.get(frozen.size() - 2).getLearnerVersion());
    assertEquals(2, frozen.get(frozen.size() - 1).getLearnerVersion());
    assertTrue(agent.rejected.isEmpty());
  }
}
