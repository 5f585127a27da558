package dev.mlrs.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {
  private static final double T_975_3 = 3.1824463052837078;  // t quantile for 4 pairs (3 degrees of freedom)
  private static final double T_975_2 = 4.302652729749462;   // for 3 pairs

  private static RunResult run(String schedule, long seed, double accuracy) {
    return new RunResult("e", "t", schedule, schedule.equals("served") ? "learner=x, mode=frozen" : "lr=0.1", seed,
        accuracy, 0.3, false, 1, List.of());
  }

  /**
   * Baselines a (mean 83 %) and b (84 %, the best baseline); "served" has the highest mean of all but is served,
   * so it is compared, not the reference; d misses seed 4 and diverges on seed 2.
   */
  private static TaskRuns task() {
    List<RunResult> runs = new ArrayList<>();
    double[] a = {0.80, 0.82, 0.84, 0.86};
    double[] b = {0.81, 0.85, 0.83, 0.87};
    double[] served = {0.99, 0.99, 0.40, 0.99};
    for (int i = 0; i < 4; i++) {
      runs.add(run("a", i + 1, a[i]));
      runs.add(run("b", i + 1, b[i]));
      runs.add(run("served", i + 1, served[i]));
    }
    runs.add(run("d", 1, 0.83));
    runs.add(new RunResult("e", "t", "d", "lr=0.1", 2, 0.10, Double.NaN, true, 1, List.of()));
    runs.add(run("d", 3, 0.83));
    return TaskRuns.group(runs).get(0);
  }

  @Test
  void theBestBaselineIgnoresServedSchedules() {
    assertEquals("b", PairedDifference.bestBaseline(task()).orElseThrow().schedule());
  }

  @Test
  void differencesIntervalsAndCollapsesComputedByHand() {
    TaskRuns task = task();
    List<PairedDifference> rows = PairedDifference.against(PairedDifference.bestBaseline(task).orElseThrow(), task);
    assertEquals(List.of("served", "a", "d"), rows.stream().map(PairedDifference::schedule).toList(),
        "best mean difference first");

    // served - b: +0.18, +0.14, -0.43, +0.12 -> mean 0.0025, deviations +0.1775, +0.1375, -0.4325, +0.1175
    PairedDifference served = rows.get(0);
    assertEquals(4, served.pairs());
    assertEquals(0.0025, served.meanDifference(), 1e-12);
    double servedStd = Math.sqrt((0.1775 * 0.1775 + 0.1375 * 0.1375 + 0.4325 * 0.4325 + 0.1175 * 0.1175) / 3);
    assertEquals(T_975_3 * servedStd / 2, served.halfWidth(), 1e-12);
    assertEquals(1, served.collapsed(), "0.40 on seed 3 is less than half of b's 0.83");

    // a - b: -0.01, -0.03, +0.01, -0.01 -> mean -0.01, deviations 0, -0.02, +0.02, 0 -> std sqrt(0.0008 / 3)
    PairedDifference a = rows.get(1);
    assertEquals(-0.01, a.meanDifference(), 1e-12);
    assertEquals(T_975_3 * Math.sqrt(0.0008 / 3) / 2, a.halfWidth(), 1e-12);
    assertEquals(0.025984565272506747, a.halfWidth(), 1e-12);
    assertEquals(0, a.collapsed());

    // d - b on seeds 1..3: +0.02, -0.75, 0.00; the diverged seed counts as collapsed (and as a pair: its
    // accuracy is finite)
    PairedDifference d = rows.get(2);
    assertEquals(3, d.pairs());
    assertEquals(-0.73 / 3, d.meanDifference(), 1e-12);
    assertEquals(T_975_2 * 0.4389001405027496 / Math.sqrt(3), d.halfWidth(), 1e-12);
    assertEquals(1, d.collapsed());
  }

  @Test
  void theTableShowsPercentagePointsAndSaysWhatItComparesWith() {
    String text = SummaryTable.pairedTable(task());
    assertTrue(text.startsWith("Paired by seed against the best baseline, **b** (84.00 %)"), text);
    List<List<String>> rows = MarkdownTables.cells(text);
    assertEquals(List.of("schedule", "Δ mean (pp)", "95 % interval (pp)", "n", "collapsed"), rows.get(0));
    // a: -1.00 ± 2.598 pp
    assertEquals(List.of("a", "-1.00", "[-3.60, +1.60]", "4", "0"), rows.get(2));
    assertEquals(4, rows.size());
  }

  @Test
  void noBaselineNoTableAndOneSeedNoInterval() {
    List<RunResult> served = List.of(run("served", 1, 0.9), run("served", 2, 0.8));
    assertEquals("", SummaryTable.pairedTable(TaskRuns.group(served).get(0)));
    List<RunResult> alone = List.of(run("a", 1, 0.9), run("a", 2, 0.8));
    assertEquals("", SummaryTable.pairedTable(TaskRuns.group(alone).get(0)), "nothing to compare with");

    List<RunResult> oneSeed = List.of(run("a", 1, 0.85), run("b", 1, 0.8), run("b", 2, 0.99));
    List<List<String>> rows = MarkdownTables.cells(SummaryTable.pairedTable(TaskRuns.group(oneSeed).get(0)));
    assertEquals(List.of("a", "+5.00", "n/a", "1", "0"), rows.get(1), "b is best (mean 89.5 %); one common seed");
  }
}
