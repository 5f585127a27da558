package dev.mlrs.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Takes the round trip off a job's critical path: while step t trains, step t+1's LR is already being asked for
 * with the latest loss the job has, f_t. At step t+1 the reply is (nearly always) there and the job does not wait.
 *
 * <p>What changes for the learner: the loss reported with step t+1 is f_t, one step old; at the start it sees
 * f_0 twice (step 0 is asked for with f_0 and waited for, as without pipelining). What does not: every LR a step
 * trains with is the service's decision for that step, so the records on {@code steps} and {@code lr} stay
 * aligned by step number. A validation step (LEARN jobs) is not asked for ahead, and the step after it is
 * waited for: its validation report must reach the service before the next step's report, whose cell step
 * would otherwise replace the pending one the hypergradient belongs to (docs/protocol.md).
 */
public final class PipelinedLrSource implements LrSource {
  private final AsyncLrSource source;
  private final long totalSteps;
  private CompletableFuture<LrReply> ahead;
  private long aheadStep = -1;
  private long waitedAhead;
  private long servedAhead;

  /**
   * @param source     where the LRs come from
   * @param totalSteps the run's last step + 1, so that no step past the end is asked for; 0 when unknown
   */
  public PipelinedLrSource(AsyncLrSource source, long totalSteps) {
    this.source = Objects.requireNonNull(source, "source");
    if (totalSteps < 0) {
      throw new IllegalArgumentException("totalSteps must be >= 0 (0 = unknown), got " + totalSteps);
    }
    this.totalSteps = totalSteps;
  }

  /** A pipelined view of a client; its total steps come from the job's options. */
  public static PipelinedLrSource of(LrClient client) {
    return new PipelinedLrSource(client, client.options().totalSteps());
  }

  @Override
  public LrReply report(long step, double loss) {
    LrReply reply;
    if (ahead != null && aheadStep == step) {
      if (!ahead.isDone()) {
        waitedAhead++;
      }
      reply = ahead.join();
      servedAhead++;
    } else {
      // The first step, or the step after a validation step (or a step number the job skipped to).
      reply = source.report(step, loss);
    }
    ahead = null;
    aheadStep = -1;
    long next = step + 1;
    if (!source.validationDue(step) && (totalSteps == 0 || next < totalSteps)) {
      ahead = source.reportAsync(next, loss);
      aheadStep = next;
    }
    return reply;
  }

  @Override
  public boolean validationDue(long step) {
    return source.validationDue(step);
  }

  @Override
  public void reportValidation(long step, double valLoss, double hypergradient) {
    source.reportValidation(step, valLoss, hypergradient);
  }

  /** Steps whose LR had been asked for ahead. */
  public long servedAhead() {
    return servedAhead;
  }

  /** Of those, the steps whose reply had not arrived yet when the step needed it (the job waited for the rest). */
  public long waitedAhead() {
    return waitedAhead;
  }
}
