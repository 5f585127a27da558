package dev.mlrs.agent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.EsEnrolment;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.StepReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fleet meta-training with a known answer, through the real topology. Jobs train 10-dimensional noisy quadratics
 * of curvature 4 (SGD diverges above LR 0.5) for 60 steps with gamma 0.5; the learner starts at LR 0.45, so close
 * to the edge that the runs end far above where a smaller LR takes them. Each generation runs
 * pairsPerGeneration antithetic pairs (both sides share the problem's seed: same start, same minibatch noise),
 * and each job reports its final clean loss as its RunResult. The known answer: fresh FROZEN jobs on the trained
 * learner end at a tenth of the loss of a frozen copy of its start, and within 3x of the best constant LR of a
 * sweep on the same evaluation problems ({@link OnlineMetaLearningTest#goodRange}).
 */
class FleetMetaLearningTest {
  static final double CURVATURE = 4;
  static final double GAMMA = 0.5;
  static final int DIM = 10;
  static final double NOISE = 0.5;
  static final int STEPS = 60;
  /** Enough classes that the clip 2 ln C (18.4) lies above every loss a run ends at unless it diverges. */
  static final int NUM_CLASSES = 10_000;
  static final int PAIRS = 4;
  static final int GENERATIONS = 15;

  static LearnerParams learner(String name) {
    LearnerParams base = LearnerFactory.fromScratch("base", new CellShape(8, 4), 5, 0.9, 0L);
    return LearnerFactory.scheduleAware(base, name, 6, EsSettings.newBuilder().setSigma(0.1)
        .setPairsPerGeneration(PAIRS).setLearningRate(0.1).build(), 0L);
  }

  static StepReport report(String job, String learner, LearnerMode mode, long t, double loss, EsEnrolment es) {
    return StepReport.newBuilder().setJob(job).setStep(t).setLoss(loss).setLearner(learner).setMode(mode)
        .setGamma(GAMMA).setNumClasses(NUM_CLASSES).setTotalSteps(STEPS).setEs(es).build();
  }

  /** Runs jobs step by step, interleaved as concurrent jobs would be; returns their final clean losses. */
  static double[] runJobs(AgentDriver agent, String learner, List<String> jobs, List<Long> seeds,
                          List<EsEnrolment> enrolments) {
    List<NoisyQuadratic> problems = new ArrayList<>();
    for (long seed : seeds) {
      problems.add(new NoisyQuadratic(DIM, CURVATURE, NOISE, 1.0, seed));
    }
    for (int t = 0; t < STEPS; t++) {
      for (int j = 0; j < jobs.size(); j++) {
        NoisyQuadratic q = problems.get(j);
        EsEnrolment es = enrolments == null ? null : enrolments.get(j);
        agent.step(report(jobs.get(j), learner, es == null ? LearnerMode.FROZEN : LearnerMode.LEARN, t,
            q.sampleReportedLoss(), es));
        LrDecision d = agent.lr.readValue();
        assertEquals(DecisionStatus.OK, d.getStatus(), d.getReason());
        q.step(d.getLr());
      }
    }
    return problems.stream().mapToDouble(NoisyQuadratic::loss).toArray();
  }

  /** One generation: PAIRS antithetic pairs, each on its own problem seed; returns the runs' mean final loss. */
  static double generation(AgentDriver agent, String learner, int g) {
    List<String> jobs = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    List<EsEnrolment> enrolments = new ArrayList<>();
    for (int p = 0; p < PAIRS; p++) {
      long seed = 1000L * g + p;
      for (EsSide side : EsSide.values()) {
        jobs.add("g" + g + "-p" + p + "-" + side);
        seeds.add(seed);
        enrolments.add(EsEnrolment.newBuilder().setTaskKey("nqm").setSeed(seed).setSide(side).build());
      }
    }
    double[] losses = runJobs(agent, learner, jobs, seeds, enrolments);
    for (int j = 0; j < jobs.size(); j++) {
      agent.runResult(RunResult.newBuilder().setJob(jobs.get(j)).setLastStep(STEPS - 1)
          .setValidationLoss(losses[j]).build());
    }
    return mean(losses);
  }

  static double evaluate(AgentDriver agent, String learner) {
    List<String> jobs = new ArrayList<>();
    List<Long> seeds = new ArrayList<>();
    for (int j = 0; j < 8; j++) {
      jobs.add("eval-" + learner + "-" + j);
      seeds.add(OnlineMetaLearningTest.EVAL_SEED * 1000 + j);   // the problems of the constant-LR sweep
    }
    return mean(runJobs(agent, learner, jobs, seeds, null));
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  @Test
  void pairsOverSeveralGenerationsLowerTheFinalLossOfFreshRuns() {
    double[] known = OnlineMetaLearningTest.goodRange();
    try (AgentDriver agent = new AgentDriver(MetaTrainerSettings.DEFAULTS)) {
      agent.publish(learner("fleet"));
      agent.publish(learner("fleet-start"));
      List<String> perGeneration = new ArrayList<>();
      for (int g = 0; g < GENERATIONS; g++) {
        perGeneration.add(String.format("%.3f", generation(agent, "fleet", g)));
      }
      List<LearnerParams> versions = agent.metaParams.readValuesToList();
      double trained = evaluate(agent, "fleet");
      double start = evaluate(agent, "fleet-start");
      System.out.printf("fleet ES, %d generations of %d pairs: mean final loss of the enrolled runs per generation %s;"
          + " fresh FROZEN runs: trained %.4f, start %.4f; best constant LR %.4f: %.4f%n", GENERATIONS, PAIRS,
          perGeneration, trained, start, known[0], known[1]);
      assertEquals(GENERATIONS, versions.size(), "one version per generation");
      LearnerParams last = versions.get(versions.size() - 1);
      assertEquals(GENERATIONS + 1, last.getVersion());
      assertEquals(GENERATIONS, last.getEs().getGeneration());
      assertEquals(2L * PAIRS * GENERATIONS, last.getEs().getRunsUsed());
      assertTrue(agent.rejected.isEmpty(), "every run result entered a generation");
      assertTrue(trained < 0.1 * start, "trained final loss " + trained + " must be a tenth of the start's " + start);
      assertTrue(trained < 3 * known[1], "trained final loss " + trained + " must be within 3x of the best constant"
          + " LR's " + known[1]);
    }
  }
}
