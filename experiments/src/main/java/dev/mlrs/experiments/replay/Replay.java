package dev.mlrs.experiments.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A replay from start to end: read the job set, write its tables and charts, and the what-if comparison if asked. */
public final class Replay {

  /** What a replay read and wrote; {@code whatIf} is null when no comparison was asked for. */
  public record Outcome(List<JobTrace> jobs, List<Path> files, int undecodable, WhatIf whatIf) {
    public long steps() {
      return jobs.stream().mapToLong(j -> j.steps().size()).sum();
    }
  }

  /** The what-if comparison: its label, the LRs per job, and how long the schedule took to compute. */
  public record WhatIf(String label, List<double[]> lrs, double seconds) {
  }

  private Replay() {
  }

  /**
   * @param whatIf   the schedule to compare with, or null
   * @param maxPlots charts are drawn for this many jobs at most (the tables hold every job)
   */
  public static Outcome run(ReplayReader reader, ReplayQuery query, Path dir, int maxPlots, WhatIfSchedule whatIf)
      throws IOException {
    List<JobTrace> jobs = reader.read(query);
    List<Path> files = new ArrayList<>(ReplayCsv.write(jobs, dir));
    files.addAll(ReplayPlots.write(jobs, dir.resolve("plots"), maxPlots));
    WhatIf comparison = null;
    if (whatIf != null) {
      long started = System.nanoTime();
      List<double[]> lrs = whatIf.lrs(jobs);
      comparison = new WhatIf(whatIf.label(), lrs, (System.nanoTime() - started) / 1e9);
      files.add(WhatIfCsv.write(jobs, whatIf.label(), lrs, dir));
      files.addAll(ReplayPlots.writeWhatIf(jobs, whatIf.label(), lrs, dir.resolve("plots"), maxPlots));
    }
    return new Outcome(jobs, files, reader.undecodable(), comparison);
  }
}
