package dev.mlrs.agent.topology;

/** Names of the agent's state stores (their changelog topics are named after them). */
public final class StoreNames {
  /** Per-job state, keyed by job id. */
  public static final String JOB_STATE = "job-state";
  /** The last steps of each job (a bounded ring, see JobHistory), kept apart from job-state to keep that small. */
  public static final String JOB_HISTORY = "job-history";
  /** Global store of learners from the compacted meta-params topic, keyed by learner name; values are encoded bytes. */
  public static final String LEARNERS = "learners";
  /** Global store of learner-history (compacted), keyed by "name@version"; values are encoded LearnerParams. */
  public static final String LEARNER_HISTORY = "learner-history";
  /** Meta-trainer state per learner. */
  public static final String TRAINER_STATE = "meta-trainer";
  /** Pooled meta-gradients per learner and job (key: learner NUL job). */
  public static final String GRADIENT_POOL = "meta-pool";
  /** Meta-gradients accepted so far per learner and job (key: learner NUL job): which jobs are established. */
  public static final String JOB_CREDIT = "meta-job-credit";
  /**
   * The last step whose meta-gradient was pooled, per learner and job (key: learner NUL job): a re-delivered
   * gradient (at-least-once) is recognised and not pooled twice.
   */
  public static final String JOB_LAST_GRADIENT = "meta-job-last-step";
  /** Size and age of each learner's pool. */
  public static final String POOL_STATUS = "meta-pool-status";
  /** ES trainer state per FLEET_ES learner: the centre of the current generation and Adam's moments. */
  public static final String ES_TRAINER_STATE = "es-trainer";
  /** Fitness of each run of an open generation (key: learner NUL generation NUL pair key NUL side). */
  public static final String ES_FITNESS_POOL = "es-fitness-pool";

  private StoreNames() {
  }
}
