package dev.mlrs.agent.job;

import dev.mlrs.schemas.state.JobState;
import dev.mlrs.schemas.state.RecentDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The last few decisions of a job, kept in its state so that serving is idempotent: under at-least-once a
 * step report can be delivered again after a crash (its offset was not committed, but the job state that
 * served it was), and it must get the decision it got the first time, not a second cell step or a rejection.
 * Steps increase per job, so only the newest steps can be re-delivered; {@link #SIZE} of them are kept.
 */
public final class DecisionRing {

  /**
   * Decisions kept per job. A job waits for each reply before it reports the next step, so the steps re-delivered
   * after a crash are those served since the last commit (a few at a 20 ms commit interval); the one a job may
   * still be waiting for is always the newest.
   */
  public static final int SIZE = 8;

  /** What a re-delivered report gets: the earlier decision, or why it cannot be answered. */
  public record Lookup(RecentDecision decision, String problem) {
  }

  private DecisionRing() {
  }

  /** CRC-32 of a report's bytes: a re-delivery repeats them exactly. */
  public static int fingerprint(byte[] reportBytes) {
    CRC32 crc = new CRC32();
    crc.update(reportBytes);
    return (int) crc.getValue();
  }

  /**
   * The decision for a report of an already served step ({@code step <= state.lastStep}): the kept one when the
   * report is the same as the one that was served, otherwise a problem saying why it is refused.
   */
  public static Lookup find(JobState state, String job, long step, int reportCrc) {
    for (RecentDecision d : state.getRecent()) {
      if (d.getStep() == step) {
        if (d.getReportCrc() == reportCrc) {
          return new Lookup(d, null);
        }
        return new Lookup(null, "step " + step + " was already served to job '" + job + "' for a different report"
            + " (steps must increase; a rerun needs a new job id)");
      }
    }
    return new Lookup(null, "step " + step + " is not after step " + state.getLastStep() + " already served to job '"
        + job + "' and is not among its last " + SIZE + " decisions kept for re-deliveries (steps must increase;"
        + " a rerun needs a new job id)");
  }

  /**
   * The ring after serving {@code served}: the previous ring (when the job kept its learner) plus the new
   * decision, at most {@link #SIZE}, oldest first.
   */
  public static List<RecentDecision> after(JobState previous, String learner, RecentDecision served) {
    List<RecentDecision> kept = previous == null || !previous.getLearner().equals(learner) ? List.of()
        : previous.getRecent();
    int from = Math.max(0, kept.size() - (SIZE - 1));
    List<RecentDecision> ring = new ArrayList<>(Math.min(SIZE, kept.size() + 1));
    ring.addAll(kept.subList(from, kept.size()));
    ring.add(served);
    return ring;
  }
}
