package dev.mlrs.agent.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.EsEnrolment;
import dev.mlrs.schemas.EsFitness;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.serde.AvroTrust;
import dev.mlrs.schemas.state.EsRun;
import dev.mlrs.schemas.state.JobState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An enrolled job's RunResult becomes the clipped fitness of its perturbation; everything else is refused. */
class RunResultsTest {
  static {
    AvroTrust.install();
  }

  private static final EsSettings ES = EsSettings.newBuilder().setFitnessClip(2.0).build();
  private static final EsRun RUN = EsRun.newBuilder().setGeneration(4)
      .setEnrolment(EsEnrolment.newBuilder().setTaskKey("nqm").setSeed(9).setSide(EsSide.MINUS).build())
      .setNumClasses(10).build();

  private static JobState state(EsRun es) {
    return JobState.newBuilder().setLastStep(99).setLearner("fleet").setStage(0).setGamma(1).setLastLr(0.1)
        .setH(List.of()).setC(List.of()).setEs(es).build();
  }

  private static RunResult.Builder result(double loss) {
    return RunResult.newBuilder().setJob("j").setLastStep(99).setValidationLoss(loss);
  }

  @Test
  void theFitnessRecordNamesLearnerGenerationPairAndSide() {
    RunResults.Outcome o = RunResults.fitnessOf("j", result(0.8).build(), state(RUN), ES);
    assertNull(o.problem());
    EsFitness f = o.fitness();
    assertEquals("fleet", f.getLearner());
    assertEquals(4, f.getGeneration());
    assertEquals("nqm", f.getTaskKey());
    assertEquals(9, f.getSeed());
    assertEquals(EsSide.MINUS, f.getSide());
    assertEquals("j", f.getJob());
    assertEquals(0.8, f.getFitness(), 1e-15);
    assertEquals(0.8, f.getValidationLoss(), 0.0);
    assertEquals(10, f.getNumClasses());
  }

  @Test
  void lossesAboveTheClipAndDivergedRunsCountAsTheClip() {
    double clip = 2.0 * Math.log(10);
    assertEquals(clip, RunResults.fitnessOf("j", result(50).build(), state(RUN), ES).fitness().getFitness(), 1e-12);
    assertEquals(clip, RunResults.fitnessOf("j", result(Double.NaN).build(), state(RUN), ES).fitness().getFitness(),
        1e-12);
    assertEquals(clip, RunResults.fitnessOf("j", result(Double.POSITIVE_INFINITY).build(), state(RUN), ES)
        .fitness().getFitness(), 1e-12);
    RunResult diverged = result(0.3).setDiverged(true).build();
    assertEquals(clip, RunResults.fitnessOf("j", diverged, state(RUN), ES).fitness().getFitness(), 1e-12);
  }

  @Test
  void refusals() {
    assertProblem("record key", RunResults.fitnessOf("k", result(1).build(), state(RUN), ES));
    assertProblem("no step", RunResults.fitnessOf("j", result(1).build(), null, ES));
    assertProblem("not enrolled", RunResults.fitnessOf("j", result(1).build(), state(null), ES));
    EsRun sent = EsRun.newBuilder(RUN).setResultSent(true).build();
    assertProblem("duplicate", RunResults.fitnessOf("j", result(1).build(), state(sent), ES));
    assertProblem("negative", RunResults.fitnessOf("j", result(-0.5).build(), state(RUN), ES));
    assertProblem("negative", RunResults.fitnessOf("j", result(Double.NEGATIVE_INFINITY).build(), state(RUN), ES));
    assertProblem("ended at step 50", RunResults.fitnessOf("j", result(1).setLastStep(50).build(), state(RUN), ES));
  }

  private static void assertProblem(String expected, RunResults.Outcome outcome) {
    assertNull(outcome.fitness());
    assertTrue(outcome.problem() != null && outcome.problem().contains(expected),
        "expected a problem mentioning '" + expected + "', got: " + outcome.problem());
  }
}
