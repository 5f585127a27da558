package dev.mlrs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.experiments.report.CurvePoint;
import dev.mlrs.experiments.report.ResultsCsv;
import dev.mlrs.experiments.report.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlrs experiment --report}: runs made apart (baselines, then served schedules) compared in one report. */
class ExperimentReportTest {

  private static List<RunResult> runs(String schedule, String hyperparameters, double accuracy) {
    List<RunResult> runs = new ArrayList<>();
    for (long seed = 1; seed <= 3; seed++) {
      runs.add(new RunResult("main", "task-a", schedule, hyperparameters, seed, accuracy + seed / 100.0, 0.3,
          false, 1.0, List.of(new CurvePoint(0, 0.1, 1.0, accuracy), new CurvePoint(10, 0.05, 0.3, accuracy))));
    }
    return runs;
  }

  @Test
  void mergesTheFoldersAndComparesEveryScheduleWithTheBestBaseline(@TempDir Path dir) throws Exception {
    Path baselines = Files.createDirectories(dir.resolve("baselines"));
    Path served = Files.createDirectories(dir.resolve("served"));
    List<RunResult> local = runs("cosine", "lr=0.1", 0.80);
    ResultsCsv.writeResults(local, baselines.resolve(ResultsCsv.RESULTS_FILE));
    ResultsCsv.writeCurves(local, baselines.resolve(ResultsCsv.CURVES_FILE));
    List<RunResult> learned = runs("fleet", "learner=fleet, mode=frozen", 0.78);
    ResultsCsv.writeResults(learned, served.resolve(ResultsCsv.RESULTS_FILE));
    ResultsCsv.writeCurves(learned, served.resolve(ResultsCsv.CURVES_FILE));

    CliRun run = CliRun.of("experiment", "--report", baselines.toString(), served.toString(), "--out",
        dir.resolve("report").toString());

    assertEquals(0, run.status(), run.toString());
    String summary = Files.readString(dir.resolve("report/summary.md"));
    assertTrue(summary.contains("cosine") && summary.contains("fleet"), summary);
    assertTrue(summary.contains("-2.00"), "fleet trails cosine by 2 points on every seed:\n" + summary);
    assertEquals(6, ResultsCsv.read(dir.resolve("report/results.csv")).size());
  }

  @Test
  void aFolderWithoutResultsIsNamed(@TempDir Path dir) {
    CliRun run = CliRun.of("experiment", "--report", dir.toString(), "--out", dir.resolve("r").toString());
    assertTrue(run.status() != 0, run.toString());
    assertTrue(run.err().contains("has no results.csv"), run.toString());
  }
}
