package dev.mlrs.agent.job;

import dev.mlrs.agent.math.LrScale;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.ValidationReport;
import dev.mlrs.schemas.state.JobState;

/** Why a report cannot be used, in words a user can act on; null when it can. */
public final class StepReportCheck {

  private StepReportCheck() {
  }

  public static String problemWith(String key, StepReport r, JobState state) {
    String id = jobIdProblem(key, r.getJob());
    if (id != null) {
      return id;
    }
    if (r.getStep() < 0) {
      return "step " + r.getStep() + " is negative";
    }
    if (r.getStep() > InputLimits.MAX_STEP) {
      return "step " + r.getStep() + " is above the largest step " + InputLimits.MAX_STEP;
    }
    if (!(Double.isFinite(r.getLoss()) && r.getLoss() >= 0 && r.getLoss() <= InputLimits.MAX_LOSS)) {
      return "loss is " + r.getLoss() + " at step " + r.getStep() + " (must be finite, in [0, "
          + InputLimits.MAX_LOSS + "])";
    }
    if (!(Double.isFinite(r.getLrMin()) && Double.isFinite(r.getLrMax()) && r.getLrMin() >= 0
        && r.getLrMin() <= r.getLrMax() && r.getLrMax() <= InputLimits.MAX_LR)) {
      return "LR bounds [" + r.getLrMin() + ", " + r.getLrMax() + "] are invalid (need 0 <= lrMin <= lrMax <= "
          + InputLimits.MAX_LR + ", finite)";
    }
    if (r.getGamma() != null) {
      if (!(Double.isFinite(r.getGamma()) && r.getGamma() > 0 && r.getGamma() <= InputLimits.MAX_GAMMA)) {
        return "gamma " + r.getGamma() + " is invalid (must be finite, positive and at most "
            + InputLimits.MAX_GAMMA + ")";
      }
    } else {
      if (r.getNumClasses() < 2) {
        return "numClasses " + r.getNumClasses() + " is invalid (at least 2, or give gamma explicitly)";
      }
      if (!(Double.isFinite(r.getReferenceLoss()) && r.getReferenceLoss() > 0)) {
        return "referenceLoss " + r.getReferenceLoss() + " is invalid (finite and positive, or give gamma explicitly)";
      }
      double gamma = LrScale.gamma(r.getReferenceLoss(), r.getNumClasses());
      if (gamma > InputLimits.MAX_GAMMA) {
        return "gamma " + gamma + " computed from referenceLoss " + r.getReferenceLoss() + " is above "
            + InputLimits.MAX_GAMMA;
      }
    }
    if (r.getTotalSteps() < 0 || r.getTotalSteps() > InputLimits.MAX_STEP) {
      return "totalSteps " + r.getTotalSteps() + " is invalid (0 to " + InputLimits.MAX_STEP + ")";
    }
    if (state != null && r.getStep() <= state.getLastStep()) {
      return "step " + r.getStep() + " is not after step " + state.getLastStep()
          + " already served to job '" + r.getJob() + "' (steps must increase; a rerun needs a new job id)";
    }
    if (state != null && r.getStep() - state.getLastStep() > InputLimits.MAX_STEP_JUMP) {
      return "step " + r.getStep() + " jumps more than " + InputLimits.MAX_STEP_JUMP + " steps past step "
          + state.getLastStep() + " already served to job '" + r.getJob() + "'";
    }
    return null;
  }

  /**
   * Why a record key / job id pair cannot be used, or null. Checks the length first, so that no reason repeats an
   * oversized id.
   */
  public static String jobIdProblem(String key, String job) {
    if (job.isEmpty()) {
      return "job id is empty";
    }
    if (job.length() > InputLimits.MAX_JOB_ID_CHARS) {
      return "job id is " + job.length() + " characters long (at most " + InputLimits.MAX_JOB_ID_CHARS + ")";
    }
    if (key != null && key.length() > InputLimits.MAX_JOB_ID_CHARS) {
      return "record key is " + key.length() + " characters long (at most " + InputLimits.MAX_JOB_ID_CHARS + ")";
    }
    if (!job.equals(key)) {
      return "record key '" + key + "' differs from job id '" + job + "' (the key must be the job id)";
    }
    return null;
  }

  public static String problemWith(String key, ValidationReport r, JobState state) {
    String id = jobIdProblem(key, r.getJob());
    if (id != null) {
      return id;
    }
    if (!Double.isFinite(r.getHypergradient())) {
      return "hypergradient is " + r.getHypergradient() + " at step " + r.getStep() + " (must be finite)";
    }
    if (state == null || state.getPending() == null || state.getPending().getStep() != r.getStep()) {
      String waiting = state == null || state.getPending() == null ? "none" : "step " + state.getPending().getStep();
      return "no LEARN step " + r.getStep() + " of job '" + r.getJob() + "' awaits validation (awaiting: " + waiting
          + "); report the step with validate=true in LEARN mode first, and one validation per step";
    }
    return null;
  }
}
