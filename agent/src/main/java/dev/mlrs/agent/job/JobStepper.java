package dev.mlrs.agent.job;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.LrScale;
import dev.mlrs.agent.math.MlrsCell;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.state.JobState;
import dev.mlrs.schemas.state.PendingStep;

/**
 * Serves one training step of one job: one cell step from the job's stored state, scaled by gamma and
 * clamped to the job's bounds. Also recomputes a pending step for its backward pass. Not thread-safe:
 * one per stream task (it reuses its scratch buffers so that the per-step path allocates little).
 */
public final class JobStepper {

  /** The LR served for a step and the job's state after it. */
  public record Served(double lr, double output, double gamma, int stage, boolean clamped, JobState next) {
  }

  private CellTrace trace;

  public Served step(JobState previous, StepReport report, Learner learner) {
    CellShape shape = learner.shape();
    int stage = learner.stageAt(report.getStep(), report.getTotalSteps());
    boolean continuing = previous != null && previous.getH().size() == shape.hidden();
    double[] hPrev = continuing ? WeightArrays.floatsToArray(previous.getH()) : new double[shape.hidden()];
    double[] cPrev = continuing ? WeightArrays.floatsToArray(previous.getC()) : new double[shape.hidden()];
    // gamma is fixed at the first step and recomputed at a stage switch, as the reference does.
    boolean freshGamma = !continuing || previous.getStage() != stage || !previous.getLearner().equals(report.getLearner());
    double gamma = freshGamma ? gammaOf(report) : previous.getGamma();

    CellTrace t = traceFor(shape);
    double output = MlrsCell.forward(shape, learner.weights(stage), report.getLoss(), hPrev, cPrev, t);
    double raw = gamma * output;
    double lr = Math.min(Math.max(raw, report.getLrMin()), report.getLrMax());
    int clampSide = raw < report.getLrMin() ? -1 : raw > report.getLrMax() ? 1 : 0;

    PendingStep pending = previous == null ? null : previous.getPending();
    if (report.getValidate() && report.getMode() == LearnerMode.LEARN) {
      pending = PendingStep.newBuilder()
          .setStep(report.getStep())
          .setInput(report.getLoss())
          .setLearnerVersion(learner.version())
          .setStage(stage)
          .setGamma(gamma)
          .setClampSide(clampSide)
          .setHPrev(WeightArrays.toFloatList(hPrev))
          .setCPrev(WeightArrays.toFloatList(cPrev))
          .build();
    }
    JobState next = JobState.newBuilder()
        .setLastStep(report.getStep())
        .setLearner(report.getLearner())
        .setStage(stage)
        .setGamma(gamma)
        .setLastLr(lr)
        .setH(WeightArrays.toFloatList(t.h()))
        .setC(WeightArrays.toFloatList(t.c()))
        .setPending(pending)
        .build();
    return new Served(lr, output, gamma, stage, clampSide != 0, next);
  }

  /**
   * d L_val / d weights for a pending step: the hypergradient dL_val/d alpha_t times d alpha_t / d phi,
   * through one cell step re-run from the stored inputs with the learner version that served it.
   */
  public double[] metaGradient(PendingStep pending, Learner learner, double hypergradient) {
    CellShape shape = learner.shape();
    CellTrace t = traceFor(shape);
    double[] weights = learner.weights(pending.getStage());
    MlrsCell.forward(shape, weights, pending.getInput(), WeightArrays.floatsToArray(pending.getHPrev()),
        WeightArrays.floatsToArray(pending.getCPrev()), t);
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

  static double gammaOf(StepReport report) {
    Double explicit = report.getGamma();
    return explicit != null ? explicit : LrScale.gamma(report.getReferenceLoss(), report.getNumClasses());
  }

  private CellTrace traceFor(CellShape shape) {
    if (trace == null || !trace.shape().equals(shape)) {
      trace = new CellTrace(shape);
    }
    return trace;
  }
}
