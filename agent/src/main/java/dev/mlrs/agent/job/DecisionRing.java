package dev.mlrs.agent.job;

import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.state.JobState;
import dev.mlrs.schemas.state.KeptDecision;
import dev.mlrs.schemas.state.RecentDecision;
import dev.mlrs.schemas.state.ReportCrc;
import dev.mlrs.schemas.state.StageGamma;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The last few decisions of a job, kept in its state so that serving is idempotent: under at-least-once a
 * step report can be delivered again after a crash (its offset was not committed, but the job state that
 * served it was), and it must get the decision it got the first time, not a second cell step or a rejection.
 * Steps increase per job, so only the newest steps can be re-delivered; {@link #SIZE} of them are kept.
 *
 * <p>An entry keeps only what the re-delivered report cannot give again: step, report CRC, learner version,
 * stage, gamma and the cell's output; step and version relative to the job state's, stage and gamma only where
 * they differ from the job's ({@code KeptDecision}). The LR and whether it was clamped follow from gamma, the
 * output and the report's bounds through {@link ServedLr}, as when the step was served; a re-delivery has the
 * same bytes (same CRC), so the same bounds. That keeps a LEARN job with a pending step under 1 KiB.
 */
public final class DecisionRing {

  /**
   * Decisions kept per job. A job waits for each reply before it reports the next step, so the steps re-delivered
   * after a crash are those served since the last commit (a few at a 20 ms commit interval); the one a job may
   * still be waiting for is always the newest.
   */
  public static final int SIZE = 8;

  /** What a served step told the job: the fields of its OK LrDecision besides job, learner and ES run. */
  public record Decision(long step, long learnerVersion, int stage, double gamma, double output, double lr,
                         boolean clamped) {
  }

  /** What a re-delivered report gets: the earlier decision, or why it cannot be answered. */
  public record Lookup(Decision decision, String problem) {
  }

  /**
   * A kept decision with the job state's values filled in: all of it but what the report gives again. The CRC
   * stays in its record form, so that carrying an entry to the next state copies no bytes.
   */
  record Entry(long step, ReportCrc reportCrc, long learnerVersion, int stage, double gamma, double output) {
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
  public static Lookup find(JobState state, String job, StepReport report, int reportCrc) {
    long step = report.getStep();
    for (Entry e : entries(state)) {
      if (e.step() == step) {
        if (intOf(e.reportCrc()) == reportCrc) {
          // Same bytes, so the same bounds: the LR is recomputed exactly as it was served.
          return new Lookup(new Decision(e.step(), e.learnerVersion(), e.stage(), e.gamma(), e.output(),
              ServedLr.of(e.gamma(), e.output(), report), ServedLr.clampSide(e.gamma(), e.output(), report) != 0),
              null);
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
   * The ring of {@code next}, the state after serving a step: the previous ring (when the job kept its learner)
   * plus the step just served, at most {@link #SIZE}, oldest first, stored relative to {@code next}. The step
   * just served is {@code next}'s last step, with its learner version, stage and gamma.
   *
   * @param previous the job's state before the step (null at its first step)
   * @param next     the state after the step, as {@link JobStepper} built it
   * @param reportCrc {@link #fingerprint} of the step's report
   * @param output   the cell's output at the step
   */
  public static List<KeptDecision> after(JobState previous, JobState next, int reportCrc, double output) {
    List<Entry> kept = previous == null || !previous.getLearner().equals(next.getLearner()) ? List.of()
        : entries(previous);
    int from = Math.max(0, kept.size() - (SIZE - 1));
    List<KeptDecision> ring = new ArrayList<>(Math.min(SIZE, kept.size() + 1));
    for (Entry e : kept.subList(from, kept.size())) {
      // Re-stored against the new state: a gamma or stage the job no longer uses is written out here.
      ring.add(relativeTo(next, e));
    }
    ring.add(relativeTo(next, new Entry(next.getLastStep(), crcOf(reportCrc), next.getLearnerVersion(),
        next.getStage(), next.getGamma(), output)));
    return ring;
  }

  /** The kept decisions of a state, oldest first, as absolute values; also those of a version-3 state. */
  static List<Entry> entries(JobState state) {
    List<Entry> entries = new ArrayList<>(state.getRecent().size() + state.getDecisions().size());
    for (RecentDecision d : state.getRecent()) {
      // Written by version 3: every field explicit (its LR equals ServedLr's, which has not changed since).
      entries.add(new Entry(d.getStep(), crcOf(d.getReportCrc()), d.getLearnerVersion(), d.getStage(),
          d.getGamma(), d.getOutput()));
    }
    for (KeptDecision d : state.getDecisions()) {
      StageGamma at = d.getServedAt();
      entries.add(new Entry(state.getLastStep() - d.getStepsBack(), d.getReportCrc(),
          state.getLearnerVersion() - d.getVersionsBack(), at == null ? state.getStage() : at.getStage(),
          at == null ? state.getGamma() : at.getGamma(), d.getOutput()));
    }
    return entries;
  }

  private static KeptDecision relativeTo(JobState state, Entry e) {
    boolean asJob = e.stage() == state.getStage()
        && Double.doubleToRawLongBits(e.gamma()) == Double.doubleToRawLongBits(state.getGamma());
    return new KeptDecision(state.getLastStep() - e.step(), e.reportCrc(),
        state.getLearnerVersion() - e.learnerVersion(), asJob ? null : new StageGamma(e.stage(), e.gamma()),
        e.output());
  }

  private static ReportCrc crcOf(int crc) {
    return new ReportCrc(ByteBuffer.allocate(Integer.BYTES).putInt(crc).array());
  }

  static int intOf(ReportCrc crc) {
    byte[] b = crc.bytes();
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }
}
