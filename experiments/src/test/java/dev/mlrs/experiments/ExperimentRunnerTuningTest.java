package dev.mlrs.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.experiments.report.LrBracket;
import dev.mlrs.experiments.report.ReportWriter;
import dev.mlrs.experiments.report.ResultsCsv;
import dev.mlrs.experiments.report.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's tuning with a fake trainer (no DL4J): widened grids, tuning rows, brackets on evaluation rows. */
class ExperimentRunnerTuningTest {
  @TempDir
  Path dir;

  /** Validation accuracy by schedule: cosine peaks at lr 0.5, fixed improves with lr without end. */
  private static double validation(RunSpec run) {
    double lr = run.params().getOrDefault("lr", 0.1);
    return switch (run.schedule().name()) {
      case "cosine" -> 0.9 - 0.1 * Math.abs(Math.log(lr / 0.5));
      case "fixed" -> lr / 100;
      default -> 0.5;
    };
  }

  private final List<RunSpec> trained = Collections.synchronizedList(new ArrayList<>());

  private RunExecutor.Outcome fakeTraining(RunSpec run, PreparedTask data) {
    trained.add(run);
    double validation = validation(run);
    RunResult result = new RunResult(run.experiment(), run.task().name(), run.schedule().name(),
        run.hyperparameters(), run.seed(), run.tuning() ? Double.NaN : 0.8 + run.seed() / 100.0, 0.3, false, 0.01,
        List.of(), run.tuning() ? RunResult.Phase.TUNE : RunResult.Phase.EVAL, validation, LrBracket.NONE);
    return new RunExecutor.Outcome(result, validation, null);
  }

  private ExperimentPlan.Study study() throws IOException {
    Path data = dir.resolve("tiny.csv");
    StringBuilder rows = new StringBuilder("x1,x2,label\n");
    for (int i = 0; i < 60; i++) {
      rows.append(i % 7).append(',').append(i % 5).append(',').append(i % 2).append('\n');
    }
    Files.writeString(data, rows);
    Path file = dir.resolve("plan.json");
    String task = """
        {"name": "tiny", "dataset": "csv:%s", "batchSize": 8, "epochs": 1, "validationSize": 5}"""
        .formatted(data.toString().replace("\\", "/"));
    String schedules = """
        {"name": "cosine", "grid": [{"lr": 0.1}, {"lr": 0.3}]},
        {"name": "fixed", "grid": [{"lr": 0.1}, {"lr": 0.3}]},
        {"name": "plateau", "grid": [{"lr": 0.2}]},
        {"name": "frozen", "learner": "reference-3stage"}""";
    Files.writeString(file, """
        {"name": "s", "experiments": [
          {"name": "first", "seeds": [1, 2, 3], "tuningSeed": 100, "tasks": [%s], "schedules": [%s]},
          {"name": "second", "seeds": [1, 2], "tuningSeed": 100, "tasks": [%s], "schedules": [%s],
           "hyperparametersFrom": {"experiment": "first", "task": "tiny"}}]}"""
        .formatted(task, schedules, task, schedules));
    return ExperimentPlan.read(file);
  }

  @Test
  void gridsAreWidenedTuningRunsAreRecordedAndEvaluationRowsSayWhetherTheChoiceIsBracketed() throws IOException {
    ExperimentPlan.Study study = study();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ExperimentRunner runner = new ExperimentRunner(null, null, this::fakeTraining,
        new PrintStream(console, true, StandardCharsets.UTF_8));
    List<RunResult> first = runner.run(study.experiments().get(0), null);

    Map<String, List<String>> tuned = first.stream().filter(r -> !r.evaluation()).collect(Collectors.groupingBy(
        RunResult::schedule, Collectors.mapping(RunResult::hyperparameters, Collectors.toList())));
    // cosine: 0.3 is the grid's top, 0.9 (x3) is worse than 0.3 -> bracketed after one added point (hyperparameters
    // are written with 3 significant digits)
    assertEquals(List.of("lr=0.100", "lr=0.300", "lr=0.900"), tuned.get("cosine"));
    // fixed keeps improving: three added points, then the cap
    assertEquals(List.of("lr=0.100", "lr=0.300", "lr=0.900", "lr=2.70", "lr=8.10"), tuned.get("fixed"));
    assertEquals(2, tuned.size(), "single-point grids and frozen learners are not tuned");
    assertTrue(first.stream().filter(r -> !r.evaluation()).allMatch(r -> r.seed() == 100 && !r.served()));

    List<RunResult> evaluations = first.stream().filter(RunResult::evaluation).toList();
    assertEquals(4 * 3, evaluations.size());
    assertEquals(first.subList(first.size() - evaluations.size(), first.size()), evaluations,
        "tuning rows come first");
    Map<String, LrBracket> brackets = evaluations.stream().collect(Collectors.toMap(RunResult::schedule,
        RunResult::lrBracket, (a, b) -> a));
    assertEquals(Map.of("cosine", LrBracket.INSIDE, "fixed", LrBracket.HIGHEST, "plateau", LrBracket.NONE,
        "frozen", LrBracket.NONE), brackets);
    assertTrue(evaluations.stream().filter(r -> r.schedule().equals("cosine"))
        .allMatch(r -> r.hyperparameters().equals("lr=0.300")));
    assertTrue(evaluations.stream().filter(r -> r.schedule().equals("fixed"))
        .allMatch(r -> r.hyperparameters().equals("lr=8.10")));

    String printed = console.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("widening the grid of cosine on tiny: best so far lr=0.300"), printed);
    assertTrue(printed.contains("adding lr=0.900 (1 of at most 3)"), printed);
    assertTrue(printed.contains("adding lr=8.10 (3 of at most 3)"), printed);
    assertTrue(printed.contains("tuned fixed on tiny: lr=8.10 (validation accuracy 8.10 %), lr bracketed: NO, "
        + "highest tried after 3 extension(s)"), printed);

    // a later experiment that reuses the choices carries their bracketing along, and tunes nothing
    trained.clear();
    List<RunResult> second = runner.run(study.experiments().get(1), null);
    assertTrue(trained.stream().noneMatch(RunSpec::tuning));
    assertTrue(second.stream().allMatch(RunResult::evaluation));
    assertEquals(LrBracket.HIGHEST, second.stream().filter(r -> r.schedule().equals("fixed")).findFirst()
        .orElseThrow().lrBracket());

    // the report keeps the tuning rows in results.csv and reads them back
    Path out = dir.resolve("report");
    ReportWriter.write(first, out);
    List<RunResult> reread = ResultsCsv.read(out.resolve(ResultsCsv.RESULTS_FILE), out.resolve(ResultsCsv.CURVES_FILE));
    assertEquals(first, reread);
    String summary = Files.readString(out.resolve(ReportWriter.SUMMARY_FILE));
    assertTrue(summary.contains("12 runs, 0 diverged (and 8 tuning runs, in results.csv with phase tune)"),
        summary);
  }
}
