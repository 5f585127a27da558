package dev.mlrs.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

  private static RunResult run(String task, String schedule, long seed, double accuracy, double loss,
                               boolean diverged) {
    return new RunResult("meta-train", task, schedule, "lr=0.1, wd=5e-4", seed, accuracy, loss, diverged, 1.0,
        List.of());
  }

  /** cosine: 90/92/94 % (std 2 %); single: 95 % on one seed; wild: 50/70 % with one diverged seed. */
  private static List<RunResult> handMade(String task) {
    return List.of(
        run(task, "cosine", 1, 0.90, 0.30, false),
        run(task, "cosine", 2, 0.92, 0.20, false),
        run(task, "cosine", 3, 0.94, 0.10, false),
        run(task, "wild", 1, 0.50, 1.00, false),
        run(task, "wild", 2, 0.70, Double.NaN, true),
        run(task, "single", 1, 0.95, 0.05, false));
  }

  @Test
  void meanAndSampleStdOverSeeds() {
    SeedStats stats = SeedStats.of(2, 4, 4, 4, 5, 5, 7, 9);
    assertEquals(5.0, stats.mean(), 1e-12);
    assertEquals(Math.sqrt(32.0 / 7), stats.sampleStd(), 1e-12); // n - 1, not n (which would give exactly 2)
    SeedStats withNaN = SeedStats.of(1.0, Double.NaN, 3.0, Double.POSITIVE_INFINITY);
    assertEquals(2, withNaN.count());
    assertEquals(2, withNaN.nonFinite());
    assertEquals(2.0, withNaN.mean(), 1e-12);
    assertTrue(Double.isNaN(SeedStats.of(1.0).sampleStd()));
  }

  @Test
  void perTaskTableShowsTheNumbersSortedWithTheBestInBold() {
    List<List<String>> rows = MarkdownTables.cells(SummaryTable.perTask(handMade("fmnist-mlp")));
    assertEquals(List.of("schedule", "test accuracy % (mean ± std)", "final train loss (mean ± std)", "seeds",
        "diverged", "tuned hyperparameters", "lr bracketed"), rows.get(0));
    assertEquals(List.of("**single**", "**95.00 ± n/a**", "0.0500 ± n/a", "1", "0", "`lr=0.1, wd=5e-4`", "—"),
        rows.get(1));
    assertEquals(List.of("cosine", "92.00 ± 2.00", "0.2000 ± 0.1000", "3", "0", "`lr=0.1, wd=5e-4`", "—"),
        rows.get(2));
    // 50 and 70 %: sample std = sqrt(2 * 10^2 / 1) = 14.14 %; the diverged seed's NaN loss is left out.
    assertEquals(List.of("wild", "60.00 ± 14.14", "1.0000 ± n/a (1 of 2 finite)", "2", "1", "`lr=0.1, wd=5e-4`",
        "—"), rows.get(3));
    assertEquals(4, rows.size());
    assertTrue(SummaryTable.perTask(handMade("fmnist-mlp")).startsWith("### meta-train / fmnist-mlp\n"));
  }

  @Test
  void oneTablePerExperimentAndTask() {
    List<RunResult> runs = new ArrayList<>(handMade("a"));
    runs.addAll(handMade("b"));
    runs.add(new RunResult("meta-test", "a", "cosine", "", 1, 0.5, 0.5, false, 1, List.of()));
    String text = SummaryTable.perTask(runs);
    assertEquals(3, text.lines().filter(l -> l.startsWith("### ")).count());
    assertTrue(text.contains("### meta-test / a\n"));
  }

  @Test
  void crossTaskTableHasOneColumnPerTask() {
    List<RunResult> runs = new ArrayList<>(handMade("fmnist-mlp"));
    // On cifar10-cnn "wild" wins and "single" was not run, so the best cell differs per column.
    runs.addAll(List.of(
        run("cifar10-cnn", "cosine", 1, 0.90, 0.3, false),
        run("cifar10-cnn", "cosine", 2, 0.92, 0.3, false),
        run("cifar10-cnn", "cosine", 3, 0.94, 0.3, false),
        run("cifar10-cnn", "wild", 1, 0.96, 0.3, false),
        run("cifar10-cnn", "wild", 2, 0.98, 0.3, false)));

    String text = SummaryTable.crossTask(runs);
    assertTrue(text.startsWith("### meta-train: test accuracy (%) per task\n"));
    List<List<String>> rows = MarkdownTables.cells(text);
    assertEquals(List.of("schedule", "fmnist-mlp", "cifar10-cnn", "mean rank"), rows.get(0));
    // Ranks: single 1 (one task); cosine 2 and 2 -> 2; wild 3 and 1 -> 2. Ties broken by name.
    assertEquals(List.of("single", "**95.00 ± n/a**", "—", "1.00"), rows.get(1));
    assertEquals(List.of("cosine", "92.00 ± 2.00", "92.00 ± 2.00", "2.00"), rows.get(2));
    assertEquals(List.of("wild", "60.00 ± 14.14", "**97.00 ± 1.41**", "2.00"), rows.get(3));
  }

  @Test
  void theBracketingOfTheChoiceIsShownAndTuningRunsAreLeftOut() {
    List<RunResult> runs = new ArrayList<>();
    runs.add(new RunResult("e", "t", "cosine", "lr=0.1", 100, Double.NaN, 0.5, false, 1, List.of(),
        RunResult.Phase.TUNE, 0.99, LrBracket.NONE));
    runs.add(run("t", "cosine", 1, 0.9, 0.3, false).withLrBracket(LrBracket.HIGHEST));
    runs.add(run("t", "fixed", 1, 0.8, 0.3, false).withLrBracket(LrBracket.INSIDE));
    List<List<String>> rows = MarkdownTables.cells(SummaryTable.perTask(runs));
    assertEquals(3, rows.size(), "the tuning run is no row");
    assertEquals("1", rows.get(1).get(3), "cosine: one evaluation seed");
    assertEquals("no: highest tried", rows.get(1).get(6));
    assertEquals("yes", rows.get(2).get(6));
  }

  @Test
  void namesCannotBreakTheTable() {
    List<RunResult> runs = List.of(new RunResult("e", "t", "a|b*c", "x=1 | y=`2`", 1, 0.5, 0.5, false, 1,
        List.of()));
    List<List<String>> rows = MarkdownTables.cells(SummaryTable.perTask(runs));
    assertEquals(7, rows.get(1).size());
    assertEquals("**a\\|b\\*c**", rows.get(1).get(0));
    assertEquals("`` x=1 \\| y=`2` ``", rows.get(1).get(5));
  }
}
