package dev.mlrs.experiments.replay;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which records a replay reads: the jobs (ids, a regular expression over ids, or all when neither is given) and
 * a range that selects the jobs' step reports, by record time and/or by offset in each partition of steps.
 * Decisions, validation reports and run results are read for the selected steps and jobs; dead letters within
 * the time range.
 *
 * @param sinceMillis first record time read (inclusive), or null for the beginning of the topics
 * @param untilMillis last record time read (inclusive), or null for the end
 * @param fromOffset  first offset read in each partition of steps (inclusive), or null
 * @param toOffset    end offset in each partition of steps (exclusive), or null for the current end
 */
public record ReplayQuery(Set<String> jobIds, Pattern jobPattern, Long sinceMillis, Long untilMillis,
                          Long fromOffset, Long toOffset) {

  public ReplayQuery {
    jobIds = Set.copyOf(jobIds);
    if (sinceMillis != null && untilMillis != null && untilMillis < sinceMillis) {
      throw new IllegalArgumentException("the time range ends before it starts");
    }
    if (fromOffset != null && toOffset != null && toOffset < fromOffset) {
      throw new IllegalArgumentException("the offset range ends before it starts");
    }
  }

  /** Every job, every record kept. */
  public static ReplayQuery everything() {
    return new ReplayQuery(Set.of(), null, null, null, null, null);
  }

  public ReplayQuery withJobs(Set<String> ids, Pattern pattern) {
    return new ReplayQuery(ids, pattern, sinceMillis, untilMillis, fromOffset, toOffset);
  }

  /** True when the job with this id is selected: named, or matching the pattern, or no selection given. */
  public boolean selects(String job) {
    if (job == null) {
      return false;
    }
    if (jobIds.isEmpty() && jobPattern == null) {
      return true;
    }
    return jobIds.contains(job) || (jobPattern != null && jobPattern.matcher(job).matches());
  }

  /** True when a record written at {@code timestampMillis} lies in the time range. */
  public boolean inTime(long timestampMillis) {
    return (sinceMillis == null || timestampMillis >= sinceMillis)
        && (untilMillis == null || timestampMillis <= untilMillis);
  }
}
