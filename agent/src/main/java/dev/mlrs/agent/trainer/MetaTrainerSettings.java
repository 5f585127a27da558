package dev.mlrs.agent.trainer;

import java.time.Duration;

/**
 * How the meta-trainer pools and guards meta-gradients (docs/adr/0004-meta-trainer.md).
 *
 * @param updateBatch     apply an update once this many gradients are pooled for a learner
 * @param maxWait         ... or once the oldest pooled gradient has waited this long
 * @param maxStaleness    reject gradients computed with a learner version more than this many versions old
 * @param clipMultiplier  each job's pooled gradient is clipped to this multiple of the median norm of the
 *                        pool's jobs, so one job cannot outweigh the others
 * @param maxNorm         and never above this absolute norm
 * @param versionsKept    decoded versions of each learner kept for backward passes of older steps
 * @param establishedAfter a job's meta-gradients count only after this many of its earlier ones were accepted
 *                        (they only establish the job), so that throwaway job ids cannot steer the learner
 */
public record MetaTrainerSettings(int updateBatch, Duration maxWait, long maxStaleness, double clipMultiplier,
                                  double maxNorm, int versionsKept, int establishedAfter) {

  public static final MetaTrainerSettings DEFAULTS =
      new MetaTrainerSettings(8, Duration.ofSeconds(2), 10, 1.0, 100.0, 16, 3);

  public MetaTrainerSettings {
    if (updateBatch < 1 || maxWait.isNegative() || maxStaleness < 0 || !(clipMultiplier > 0) || !(maxNorm > 0)
        || !Double.isFinite(maxNorm) || versionsKept < 1 || establishedAfter < 0) {
      throw new IllegalArgumentException("invalid meta-trainer settings: " + this);
    }
  }

  /** Settings with the default {@code establishedAfter}. */
  public MetaTrainerSettings(int updateBatch, Duration maxWait, long maxStaleness, double clipMultiplier,
                             double maxNorm, int versionsKept) {
    this(updateBatch, maxWait, maxStaleness, clipMultiplier, maxNorm, versionsKept, 3);
  }

  public MetaTrainerSettings withEstablishedAfter(int gradients) {
    return new MetaTrainerSettings(updateBatch, maxWait, maxStaleness, clipMultiplier, maxNorm, versionsKept,
        gradients);
  }

  public MetaTrainerSettings withUpdateBatch(int n) {
    return new MetaTrainerSettings(n, maxWait, maxStaleness, clipMultiplier, maxNorm, versionsKept, establishedAfter);
  }

  public MetaTrainerSettings withMaxWait(Duration wait) {
    return new MetaTrainerSettings(updateBatch, wait, maxStaleness, clipMultiplier, maxNorm,
        versionsKept, establishedAfter);
  }

  public MetaTrainerSettings withMaxStaleness(long versions) {
    return new MetaTrainerSettings(updateBatch, maxWait, versions, clipMultiplier, maxNorm,
        versionsKept, establishedAfter);
  }

  public MetaTrainerSettings withClipMultiplier(double multiplier) {
    return new MetaTrainerSettings(updateBatch, maxWait, maxStaleness, multiplier, maxNorm,
        versionsKept, establishedAfter);
  }

  public MetaTrainerSettings withMaxNorm(double norm) {
    return new MetaTrainerSettings(updateBatch, maxWait, maxStaleness, clipMultiplier, norm,
        versionsKept, establishedAfter);
  }
}
