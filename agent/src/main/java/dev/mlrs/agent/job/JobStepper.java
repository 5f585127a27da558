package dev.mlrs.agent.job;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.LrScale;
import dev.mlrs.agent.math.MlrsCell;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.state.JobState;
import dev.mlrs.schemas.state.PendingStep;

/**
 * Serves one training step of one job: one cell step from the job's stored state, scaled by gamma and
 * clamped to the job's bounds. Also recomputes a pending step for its backward pass. Not thread-safe:
 * one per stream task (it reuses its scratch buffers so that the per-step path allocates little).
 *
 * <p>Schedule-aware learners (docs/fleet.md) also read the training progress step / totalSteps; their gamma
 * is fixed at the job's first step (they have one stage, so there is no switch to recompute it at).
 */
public final class JobStepper {

  /**
   * The LR served for a step, the progress fed to the cell, and the job's state after it (without its ring of
   * kept decisions, which {@link DecisionRing#after} builds).
   */
  public record Served(double lr, double output, double gamma, int stage, boolean clamped, JobState next,
                       double progress) {
  }

  private CellTrace trace;

  /** Serves the step with the learner's own weights. */
  public Served step(JobState previous, StepReport report, Learner learner) {
    return step(previous, report, learner, null);
  }

  /**
   * Serves the step with {@code weightsOverride} in place of the weights of the learner's stage (for a job
   * enrolled in fleet meta-training: phi +- sigma * epsilon); null means the learner's own weights. The override
   * must fit the learner's cell shape. A job served overridden weights records no pending step: the one-step
   * meta-gradient of its validation report would be taken at the learner's weights, not at the served ones.
   */
  public Served step(JobState previous, StepReport report, Learner learner, double[] weightsOverride) {
    CellShape shape = learner.shape();
    if (weightsOverride != null && weightsOverride.length != shape.parameterCount()) {
      throw new IllegalArgumentException("override has " + weightsOverride.length + " weights, learner "
          + learner.name() + " (" + shape + ") needs " + shape.parameterCount());
    }
    int stage = learner.stageAt(report.getStep(), report.getTotalSteps());
    boolean continuing = previous != null && previous.getH().size() == shape.hidden();
    double[] hPrev = continuing ? WeightArrays.floatsToArray(previous.getH()) : new double[shape.hidden()];
    double[] cPrev = continuing ? WeightArrays.floatsToArray(previous.getC()) : new double[shape.hidden()];
    // gamma is fixed at the first step and recomputed at a stage switch, as the reference does; a
    // schedule-aware learner keeps the first step's gamma (it has one stage, and its schedule is learned
    // relative to that gamma).
    boolean sameLearner = continuing && previous.getLearner().equals(report.getLearner());
    boolean freshGamma = !sameLearner || (!learner.usesProgress() && previous.getStage() != stage);
    double gamma = freshGamma ? gammaOf(report, learner) : previous.getGamma();
    double progress = progressOf(report);

    CellTrace t = traceFor(shape);
    double[] weights = weightsOverride != null ? weightsOverride : learner.weights(stage);
    double output = MlrsCell.forward(shape, weights, report.getLoss(), progress, hPrev, cPrev, t);
    double lr = ServedLr.of(gamma, output, report);
    int clampSide = ServedLr.clampSide(gamma, output, report);

    PendingStep pending = previous == null ? null : previous.getPending();
    if (report.getValidate() && report.getMode() == LearnerMode.LEARN && acceptsOneStepGradients(learner)
        && weightsOverride == null) {
      pending = PendingStep.newBuilder()
          .setStep(report.getStep())
          .setInput(report.getLoss())
          .setLearnerVersion(learner.version())
          .setStage(stage)
          .setGamma(gamma)
          .setClampSide(clampSide)
          .setHPrev(WeightArrays.toFloatList(hPrev))
          .setCPrev(WeightArrays.toFloatList(cPrev))
          .setTotalSteps(shape.usesProgress() ? report.getTotalSteps() : 0)
          .build();
    }
    JobState next = JobState.newBuilder()
        .setLastStep(report.getStep())
        .setLearner(report.getLearner())
        .setStage(stage)
        .setGamma(gamma)
        .setLastLr(lr)
        .setLearnerVersion(learner.version())
        .setH(WeightArrays.toFloatList(t.h()))
        .setC(WeightArrays.toFloatList(t.c()))
        .setPending(pending)
        .build();
    return new Served(lr, output, gamma, stage, clampSide != 0, next, progress);
  }

  /**
   * The training progress of a step: step / totalSteps clamped to [0, 1]; 0 when the run length is unknown.
   */
  public static double progressOf(StepReport report) {
    return progressOf(report.getStep(), report.getTotalSteps());
  }

  /** step / totalSteps clamped to [0, 1]; 0 when totalSteps is not positive. */
  static double progressOf(long step, long totalSteps) {
    if (totalSteps <= 0) {
      return 0.0;
    }
    return Math.min(Math.max((double) step / totalSteps, 0.0), 1.0);
  }

  /**
   * True when the learner takes one-step meta-gradients from validation reports: its objective is ONE_STEP. A
   * pending step keeps what its backward pass needs, the progress included (as step and totalSteps).
   */
  public static boolean acceptsOneStepGradients(Learner learner) {
    return learner.objective() == MetaObjective.ONE_STEP;
  }

  /**
   * d L_val / d weights for a pending step: the hypergradient dL_val/d alpha_t times d alpha_t / d phi,
   * through one cell step re-run from the stored inputs with the learner version that served it.
   */
  public double[] metaGradient(PendingStep pending, Learner learner, double hypergradient) {
    CellShape shape = learner.shape();
    // A job without totalSteps was served progress 0, which progressOf gives again.
    CellTrace t = traceFor(shape);
    double[] weights = learner.weights(pending.getStage());
    MlrsCell.forward(shape, weights, pending.getInput(), progressOf(pending.getStep(), pending.getTotalSteps()),
        WeightArrays.floatsToArray(pending.getHPrev()), WeightArrays.floatsToArray(pending.getCPrev()), t);
    double[] gradient = new double[shape.parameterCount()];
    // alpha = gamma * output, so dL/d output = dL/d alpha * gamma.
    MlrsCell.backward(shape, weights, t, hypergradient * pending.getGamma(), gradient);
    return gradient;
  }

  /** True when a gradient step would push the LR further past the bound it was clamped to. */
  public static boolean pushesPastClamp(PendingStep pending, double hypergradient) {
    // Descent moves alpha against the hypergradient: h < 0 raises it, h > 0 lowers it.
    return (pending.getClampSide() > 0 && hypergradient < 0) || (pending.getClampSide() < 0 && hypergradient > 0);
  }

  static double gammaOf(StepReport report, Learner learner) {
    return LrScale.forJob(report.getGamma(), learner.lrScale(), report.getReferenceLoss(), report.getNumClasses());
  }

  private CellTrace traceFor(CellShape shape) {
    if (trace == null || !trace.shape().equals(shape)) {
      trace = new CellTrace(shape);
    }
    return trace;
  }
}
