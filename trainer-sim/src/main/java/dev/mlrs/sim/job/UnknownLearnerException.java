package dev.mlrs.sim.job;

/** The service rejected a job's first step because it has no learner of the name the job asked for. */
public final class UnknownLearnerException extends IllegalStateException {

  public UnknownLearnerException(String message) {
    super(message);
  }
}
