package dev.mlrs.agent.topology;

/** Names of the agent's state stores (their changelog topics are named after them). */
public final class StoreNames {
  /** Per-job state, keyed by job id. */
  public static final String JOB_STATE = "job-state";
  /** Global store of learners from the compacted meta-params topic, keyed by learner name; values are encoded bytes. */
  public static final String LEARNERS = "learners";
  /** Meta-trainer state per learner. */
  public static final String TRAINER_STATE = "meta-trainer";
  /** Pooled meta-gradients per learner and job (key: learner NUL job). */
  public static final String GRADIENT_POOL = "meta-pool";
  /** Size and age of each learner's pool. */
  public static final String POOL_STATUS = "meta-pool-status";

  private StoreNames() {
  }
}
