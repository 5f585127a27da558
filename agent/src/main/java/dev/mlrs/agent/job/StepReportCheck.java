package dev.mlrs.agent.job;

import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.ValidationReport;
import dev.mlrs.schemas.state.JobState;

/** Why a report cannot be used, in words a user can act on; null when it can. */
public final class StepReportCheck {

  private StepReportCheck() {
  }

  public static String problemWith(String key, StepReport r, JobState state) {
    if (r.getJob().isEmpty()) {
      return "job id is empty";
    }
    if (!r.getJob().equals(key)) {
      return "record key '" + key + "' differs from job id '" + r.getJob() + "' (the key must be the job id)";
    }
    if (r.getStep() < 0) {
      return "step " + r.getStep() + " is negative";
    }
    if (!Double.isFinite(r.getLoss())) {
      return "loss is " + r.getLoss() + " at step " + r.getStep() + " (must be finite)";
    }
    if (!(Double.isFinite(r.getLrMin()) && Double.isFinite(r.getLrMax()) && r.getLrMin() >= 0
        && r.getLrMin() <= r.getLrMax())) {
      return "LR bounds [" + r.getLrMin() + ", " + r.getLrMax() + "] are invalid (need 0 <= lrMin <= lrMax, finite)";
    }
    if (r.getGamma() != null) {
      if (!(Double.isFinite(r.getGamma()) && r.getGamma() > 0)) {
        return "gamma " + r.getGamma() + " is invalid (must be finite and positive)";
      }
    } else {
      if (r.getNumClasses() < 2) {
        return "numClasses " + r.getNumClasses() + " is invalid (at least 2, or give gamma explicitly)";
      }
      if (!(Double.isFinite(r.getReferenceLoss()) && r.getReferenceLoss() > 0)) {
        return "referenceLoss " + r.getReferenceLoss() + " is invalid (finite and positive, or give gamma explicitly)";
      }
    }
    if (r.getTotalSteps() < 0) {
      return "totalSteps " + r.getTotalSteps() + " is negative";
    }
    if (state != null && r.getStep() <= state.getLastStep()) {
      return "step " + r.getStep() + " is not after step " + state.getLastStep()
          + " already served to job '" + r.getJob() + "' (steps must increase; a rerun needs a new job id)";
    }
    return null;
  }

  public static String problemWith(String key, ValidationReport r, JobState state) {
    if (!r.getJob().equals(key)) {
      return "record key '" + key + "' differs from job id '" + r.getJob() + "' (the key must be the job id)";
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
