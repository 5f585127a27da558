package dev.mlrs.agent.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.MetaOptimizerSettings;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.ValidationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Online meta-learning with a known answer. Jobs train 10-dimensional noisy quadratics of curvature 4
 * (divergence above LR 0.5) for 60 SGD steps with gamma = 0.5, so a learner can serve any LR in (0, 0.5).
 * The known answer is a sweep of constant LRs on the evaluation problems: the best constant LR for the final
 * loss, and the "good range" of constant LRs whose final loss is within 5x of the best one's. Learners start
 * far too high (0.48) or far too low (0.005); fleets of LEARN jobs pool their hypergradients into them
 * through the real topology (TopologyTestDriver); then fresh FROZEN jobs compare the trained learner with a
 * frozen copy of its starting point.
 *
 * <p>The learners here use a meta learning rate of 0.01 (the reference's 1e-3 needs ten times as many updates
 * to move as far; the dynamics are the same).
 */
class OnlineMetaLearningTest {
  static final double CURVATURE = 4;
  static final double GAMMA = 0.5;
  static final int DIM = 10;
  static final double NOISE = 0.5;
  static final int STEPS = 60;
  static final int VALIDATE_EVERY = 2;
  static final double META_LR = 0.01;
  static final long EVAL_SEED = 999;
  /** Constant LRs whose final loss is within this factor of the best constant LR's are "good". */
  static final double GOOD_FACTOR = 5;

  /** A run of {@code generations} fleets of {@code jobs} concurrent LEARN jobs. */
  record Training(List<Double> meanLrPerGeneration, long finalVersion) {
  }

  record Evaluation(double meanFinalLoss, double meanLr) {
  }

  static LearnerParams learner(String name, double initialOutput) {
    LearnerParams p = LearnerFactory.fromScratch(name, CellShape.REFERENCE, 5, initialOutput, 0L);
    return LearnerParams.newBuilder(p).setOptimizer(MetaOptimizerSettings.newBuilder()
        .setLearningRate(META_LR).setWeightDecay(0).build()).build();
  }

  static StepReport report(String job, String learner, LearnerMode mode, long step, double loss, boolean validate) {
    return StepReport.newBuilder().setJob(job).setStep(step).setLoss(loss).setLearner(learner).setMode(mode)
        .setGamma(GAMMA).setLrMin(0).setLrMax(10).setTotalSteps(STEPS).setValidate(validate).build();
  }

  /**
   * Runs the jobs step by step, interleaved as concurrent jobs would be; a job whose id is in
   * {@code hostile} sends its hypergradients multiplied by {@code hostileFactor}. Returns the mean served
   * LR per step index over all jobs and the final losses.
   */
  static double[][] runFleet(AgentDriver agent, String learner, LearnerMode mode, String prefix, int jobs, long seed,
                             String hostile, double hostileFactor) {
    List<NoisyQuadratic> problems = new ArrayList<>();
    for (int j = 0; j < jobs; j++) {
      problems.add(new NoisyQuadratic(DIM, CURVATURE, NOISE, 1.0, seed * 1000 + j));
    }
    double[] meanLr = new double[STEPS];
    for (int t = 0; t < STEPS; t++) {
      for (int j = 0; j < jobs; j++) {
        String job = prefix + "-" + j;
        NoisyQuadratic q = problems.get(j);
        boolean validate = mode == LearnerMode.LEARN && t % VALIDATE_EVERY == VALIDATE_EVERY - 1;
        agent.step(report(job, learner, mode, t, q.sampleReportedLoss(), validate));
        LrDecision d = agent.lr.readValue();
        assertEquals(DecisionStatus.OK, d.getStatus(), d.getReason());
        double alpha = d.getLr();
        meanLr[t] += alpha / jobs;
        if (validate) {
          double h = q.hypergradient(alpha) * (job.equals(hostile) ? hostileFactor : 1.0);
          agent.validate(ValidationReport.newBuilder().setJob(job).setStep(t).setValLoss(q.loss()).setHypergradient(h)
              .build());
        }
        q.step(alpha);
      }
    }
    double[] finalLoss = problems.stream().mapToDouble(NoisyQuadratic::loss).toArray();
    return new double[][] {meanLr, finalLoss};
  }

  static Training train(AgentDriver agent, String learner, int generations, int jobs, String hostile, double factor) {
    List<Double> perGeneration = new ArrayList<>();
    for (int gen = 0; gen < generations; gen++) {
      double[][] run = runFleet(agent, learner, LearnerMode.LEARN, learner + "-g" + gen, jobs, 100 + gen,
          hostile == null ? null : learner + "-g" + gen + "-" + hostile, factor);
      perGeneration.add(mean(run[0]));
    }
    List<LearnerParams> versions = agent.metaParams.readValuesToList();
    long last = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).getVersion();
    return new Training(perGeneration, last);
  }

  static Evaluation evaluate(AgentDriver agent, String learner, String prefix) {
    double[][] run = runFleet(agent, learner, LearnerMode.FROZEN, prefix, 8, EVAL_SEED, null, 1);
    return new Evaluation(mean(run[1]), mean(run[0]));
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Final loss of the evaluation problems under a constant LR (no agent involved). */
  static double constantLrFinalLoss(double alpha) {
    double total = 0;
    for (int j = 0; j < 8; j++) {
      NoisyQuadratic q = new NoisyQuadratic(DIM, CURVATURE, NOISE, 1.0, EVAL_SEED * 1000 + j);
      for (int t = 0; t < STEPS; t++) {
        q.sampleMinibatch();
        q.step(alpha);
      }
      total += q.loss() / 8;
    }
    return total;
  }

  /** The known answer: {best constant LR, its final loss, low end of the good range, high end}. */
  static double[] goodRange() {
    double bestLr = 0;
    double bestLoss = Double.POSITIVE_INFINITY;
    double[] grid = new double[200];
    double[] losses = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = 0.001 * Math.pow(500, i / (grid.length - 1.0));   // 0.001 .. 0.5, log-spaced
      losses[i] = constantLrFinalLoss(grid[i]);
      if (losses[i] < bestLoss) {
        bestLoss = losses[i];
        bestLr = grid[i];
      }
    }
    double low = Double.NaN;
    double high = Double.NaN;
    for (int i = 0; i < grid.length; i++) {
      if (losses[i] <= GOOD_FACTOR * bestLoss) {
        low = Double.isNaN(low) ? grid[i] : low;
        high = grid[i];
      }
    }
    return new double[] {bestLr, bestLoss, low, high};
  }

  static AgentDriver newAgent(int updateBatch) {
    return new AgentDriver(MetaTrainerSettings.DEFAULTS.withUpdateBatch(updateBatch).withMaxWait(Duration.ofHours(1)));
  }

  @Test
  void oneJobAtATimeMovesALearnerStartingFarTooHighIntoTheGoodRange() {
    checkMovesToTheGoodRange(0.96, 1, 40, 4);
  }

  @Test
  void oneJobAtATimeMovesALearnerStartingFarTooLowIntoTheGoodRange() {
    checkMovesToTheGoodRange(0.01, 1, 40, 4);
  }

  @Test
  void eightPooledJobsMoveALearnerStartingFarTooHighIntoTheGoodRange() {
    checkMovesToTheGoodRange(0.96, 8, 10, 8);
  }

  @Test
  void eightPooledJobsMoveALearnerStartingFarTooLowIntoTheGoodRange() {
    checkMovesToTheGoodRange(0.01, 8, 10, 8);
  }

  private void checkMovesToTheGoodRange(double initialOutput, int jobs, int generations, int updateBatch) {
    double[] known = goodRange();
    try (AgentDriver agent = newAgent(updateBatch)) {
      agent.publish(learner("trained", initialOutput));
      agent.publish(learner("frozen-start", initialOutput));
      Training training = train(agent, "trained", generations, jobs, null, 1);
      Evaluation trained = evaluate(agent, "trained", "eval-trained");
      Evaluation start = evaluate(agent, "frozen-start", "eval-start");
      System.out.printf("%d job(s) x %d generations, start LR %.3f: mean LR per generation %s, %d versions;"
              + " eval: trained mean LR %.4f final loss %.4f | frozen start LR %.4f final loss %.4f | best constant"
              + " LR %.4f final loss %.4f, good range [%.4f, %.4f]%n", jobs, generations, initialOutput * GAMMA,
          format(training.meanLrPerGeneration()), training.finalVersion(), trained.meanLr(), trained.meanFinalLoss(),
          start.meanLr(), start.meanFinalLoss(), known[0], known[1], known[2], known[3]);
      assertTrue(start.meanLr() < known[2] || start.meanLr() > known[3], "the start must lie outside the good range");
      assertTrue(training.finalVersion() > 100, "the learner must have been updated many times");
      assertTrue(trained.meanLr() >= known[2] && trained.meanLr() <= known[3],
          "trained learner's mean LR " + trained.meanLr() + " must lie in the good range [" + known[2] + ", "
              + known[3] + "]");
      assertTrue(trained.meanFinalLoss() < 0.1 * start.meanFinalLoss(),
          "trained final loss " + trained.meanFinalLoss() + " must beat the frozen start's " + start.meanFinalLoss());
    }
  }

  private static String format(List<Double> values) {
    return values.stream().map(v -> String.format("%.3f", v)).toList().toString();
  }
}
