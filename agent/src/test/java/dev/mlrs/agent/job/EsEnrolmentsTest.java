package dev.mlrs.agent.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.EsEnrolment;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.MetaOptimizerSettings;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.serde.AvroTrust;
import dev.mlrs.schemas.state.EsRun;
import dev.mlrs.schemas.state.JobState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who is enrolled in which generation, and which changes of enrolment are refused. */
class EsEnrolmentsTest {
  static {
    AvroTrust.install();
  }

  private static final EsEnrolment PLUS = EsEnrolment.newBuilder().setTaskKey("nqm").setSeed(3)
      .setSide(EsSide.PLUS).build();

  private static LearnerParams learner(MetaObjective objective, long version) {
    return LearnerParams.newBuilder().setName("fleet").setVersion(version).setHiddenSize(2).setMlpHiddenSize(2)
        .setStages(List.of()).setOptimizer(MetaOptimizerSettings.newBuilder().build()).setOrigin("test")
        .setCreatedAtMillis(0).setObjective(objective).build();
  }

  private static StepReport.Builder step(long step, EsEnrolment es) {
    return StepReport.newBuilder().setJob("j").setStep(step).setLoss(1).setLearner("fleet").setMode(LearnerMode.LEARN)
        .setNumClasses(10).setReferenceLoss(2.3).setEs(es);
  }

  private static JobState after(long lastStep, EsRun es) {
    return JobState.newBuilder().setLastStep(lastStep).setLearner("fleet").setStage(0).setGamma(1).setLastLr(0.1)
        .setH(List.of()).setC(List.of()).setEs(es).build();
  }

  @Test
  void theFirstStepEnrolsInTheCurrentVersion() {
    EsEnrolments.Outcome o = EsEnrolments.check(step(0, PLUS).build(), null, learner(MetaObjective.FLEET_ES, 7));
    assertNull(o.problem());
    assertEquals(7, o.run().getGeneration());
    assertEquals(PLUS, o.run().getEnrolment());
    assertEquals(10, o.run().getNumClasses());
    assertEquals(false, o.run().getResultSent());
  }

  @Test
  void laterStepsStayInTheirGenerationWhateverTheLatestVersion() {
    EsRun run = EsEnrolments.check(step(0, PLUS).build(), null, learner(MetaObjective.FLEET_ES, 7)).run();
    EsEnrolments.Outcome later = EsEnrolments.check(step(1, PLUS).build(), after(0, run),
        learner(MetaObjective.FLEET_ES, 9));
    assertNull(later.problem());
    assertSame(run, later.run());
  }

  @Test
  void jobsWithoutEsAreNotEnrolledOnEitherObjective() {
    for (MetaObjective objective : MetaObjective.values()) {
      EsEnrolments.Outcome o = EsEnrolments.check(step(0, null).build(), null, learner(objective, 1));
      assertNull(o.problem());
      assertNull(o.run());
    }
  }

  @Test
  void refusals() {
    LearnerParams es = learner(MetaObjective.FLEET_ES, 2);
    EsRun run = EsEnrolments.check(step(0, PLUS).build(), null, es).run();
    assertProblem("ONE_STEP", EsEnrolments.check(step(0, PLUS).build(), null, learner(MetaObjective.ONE_STEP, 2)));
    assertProblem("FROZEN", EsEnrolments.check(step(0, PLUS).setMode(LearnerMode.FROZEN).build(), null, es));
    assertProblem("numClasses", EsEnrolments.check(step(0, PLUS).setGamma(0.5).setNumClasses(0).build(), null, es));
    EsEnrolment blank = EsEnrolment.newBuilder(PLUS).setTaskKey(" ").build();
    assertProblem("taskKey", EsEnrolments.check(step(0, blank).build(), null, es));
    EsEnrolment control = EsEnrolment.newBuilder(PLUS).setTaskKey("a\u0000b").build();
    assertProblem("taskKey", EsEnrolments.check(step(0, control).build(), null, es));
    EsEnrolment minus = EsEnrolment.newBuilder(PLUS).setSide(EsSide.MINUS).build();
    assertProblem("es changed mid-run", EsEnrolments.check(step(1, minus).build(), after(0, run), es));
    EsEnrolment otherSeed = EsEnrolment.newBuilder(PLUS).setSeed(4).build();
    assertProblem("es changed mid-run", EsEnrolments.check(step(1, otherSeed).build(), after(0, run), es));
    assertProblem("must repeat", EsEnrolments.check(step(1, null).build(), after(0, run), es));
    assertProblem("without es", EsEnrolments.check(step(1, PLUS).build(), after(0, null), es));
    assertProblem("change learner", EsEnrolments.check(step(1, PLUS).setLearner("other").build(), after(0, run), es));
    EsRun finished = EsRun.newBuilder(run).setResultSent(true).build();
    assertProblem("already sent", EsEnrolments.check(step(1, PLUS).build(), after(0, finished), es));
  }

  private static void assertProblem(String expected, EsEnrolments.Outcome outcome) {
    assertNull(outcome.run());
    assertTrue(outcome.problem() != null && outcome.problem().contains(expected),
        "expected a problem mentioning '" + expected + "', got: " + outcome.problem());
  }
}
