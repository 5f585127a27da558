package dev.mlrs.agent.job;

/**
 * The documented bounds on what a job may report (docs/reliability.md). Values outside them are absurd for
 * any real training run, and accepting them lets one report poison a job id (a step of Long.MAX_VALUE leaves no
 * later step) or serve LRs no optimizer can use; they are rejected with the bound in the reason.
 */
public final class InputLimits {
  /** Longest job id, in characters: ids are record keys, repeated in every reply and dead letter. */
  public static final int MAX_JOB_ID_CHARS = 256;
  /** Largest step number (10^12): far beyond any run, far below Long.MAX_VALUE. */
  public static final long MAX_STEP = 1_000_000_000_000L;
  /** A step may be at most this far ahead of the job's last served step (10^6). */
  public static final long MAX_STEP_JUMP = 1_000_000L;
  /** Largest training loss fed to the cell: losses are non-negative and, for any trainable model, far below. */
  public static final double MAX_LOSS = 1e6;
  /** Largest LR scale gamma (explicit or computed): the served LR is below gamma. */
  public static final double MAX_GAMMA = 100.0;
  /** Largest upper LR bound a job may give. */
  public static final double MAX_LR = 100.0;

  private InputLimits() {
  }
}
