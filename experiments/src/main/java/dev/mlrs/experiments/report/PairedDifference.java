package dev.mlrs.experiments.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each schedule against the best baseline of a task, seed by seed. Every schedule runs on the same evaluation
 * seeds (same weights, validation split and data order), so the difference per seed removes what the seed does
 * to both and the interval is about the schedules alone.
 *
 * @param schedule       the schedule compared
 * @param pairs          seeds both ran on with a finite test accuracy (n)
 * @param meanDifference mean over those seeds of (schedule − reference) test accuracy, in [−1, 1]; NaN if n = 0
 * @param halfWidth      half width of the 95 % Student t interval of that mean; NaN if n &lt; 2
 * @param collapsed      seeds both ran on where the schedule diverged or reached less than half the reference's
 *                       accuracy on that seed
 */
record PairedDifference(String schedule, int pairs, double meanDifference, double halfWidth, int collapsed) {

  /** A collapsed run reached less than this share of the reference's accuracy on the same seed. */
  static final double COLLAPSE_SHARE = 0.5;
  static final double CONFIDENCE = 0.95;

  double low() {
    return meanDifference - halfWidth;
  }

  double high() {
    return meanDifference + halfWidth;
  }

  /**
   * The best baseline of a task: the highest mean test accuracy among the schedules that are not served (ties:
   * the name first in alphabetical order); empty when the task has no baseline with a finite accuracy.
   */
  static Optional<ScheduleRuns> bestBaseline(TaskRuns task) {
    return task.schedules().stream()
        .filter(s -> s.runs().stream().noneMatch(RunResult::served))
        .filter(s -> Double.isFinite(s.accuracy().mean()))
        .min(SummaryTable.BY_ACCURACY);
  }

  /** Every other schedule of the task against {@code reference}, best mean difference first. */
  static List<PairedDifference> against(ScheduleRuns reference, TaskRuns task) {
    List<PairedDifference> rows = new ArrayList<>();
    for (ScheduleRuns s : task.schedules()) {
      if (!s.schedule().equals(reference.schedule())) {
        rows.add(of(s, reference));
      }
    }
    rows.sort(Comparator.comparing((PairedDifference d) -> -d.meanDifference(), SummaryTable.NAN_LAST)
        .thenComparing(PairedDifference::schedule));
    return rows;
  }

  static PairedDifference of(ScheduleRuns schedule, ScheduleRuns reference) {
    Map<Long, RunResult> referenceBySeed = bySeed(reference);
    List<Double> differences = new ArrayList<>();
    int collapsed = 0;
    for (RunResult run : bySeed(schedule).values()) {
      RunResult partner = referenceBySeed.get(run.seed());
      if (partner == null) {
        continue;
      }
      double accuracy = run.testAccuracy();
      double referenceAccuracy = partner.testAccuracy();
      if (run.diverged() || !Double.isFinite(accuracy)
          || Double.isFinite(referenceAccuracy) && accuracy < COLLAPSE_SHARE * referenceAccuracy) {
        collapsed++;
      }
      if (Double.isFinite(accuracy) && Double.isFinite(referenceAccuracy)) {
        differences.add(accuracy - referenceAccuracy);
      }
    }
    int n = differences.size();
    SeedStats stats = SeedStats.of(differences.stream().mapToDouble(Double::doubleValue).toArray());
    double halfWidth = n < 2 ? Double.NaN
        : StudentT.quantile(1 - (1 - CONFIDENCE) / 2, n - 1) * stats.sampleStd() / Math.sqrt(n);
    return new PairedDifference(schedule.schedule(), n, stats.mean(), halfWidth, collapsed);
  }

  /** A schedule's runs by seed; should a seed appear twice, its first run counts. */
  private static Map<Long, RunResult> bySeed(ScheduleRuns schedule) {
    Map<Long, RunResult> bySeed = new LinkedHashMap<>();
    schedule.runs().forEach(r -> bySeed.putIfAbsent(r.seed(), r));
    return bySeed;
  }
}
