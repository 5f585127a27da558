package dev.mlrs.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {
  @TempDir
  Path dir;

  private static List<RunResult> awkwardRuns() {
    List<CurvePoint> curve = List.of(new CurvePoint(0, 0.1, 2.3, Double.NaN),
        new CurvePoint(10, 1e-5, Double.POSITIVE_INFINITY, 0.5), new CurvePoint(20, 0.0, Double.NaN, Double.NaN));
    return List.of(
        new RunResult("meta-train", "fmnist-mlp", "cosine", "lr=0.1, momentum=0.9", 1, 0.9123456789012345,
            0.123456789, false, 12.25, curve),
        new RunResult("meta-test", "task, with \"quotes\"", "step", "name=\"a,b\", note=multi\nline", 2, 0.1,
            Double.NaN, true, 0.5, List.of(new CurvePoint(5, 0.3, -0.0, 1.0))),
        new RunResult("meta-test", " padded ", "\"hd\" v2", "", -7, Double.NEGATIVE_INFINITY, 3.0, false,
            Double.NaN, List.of()));
  }

  @Test
  void roundTripGivesTheSameRuns() throws IOException {
    List<RunResult> runs = awkwardRuns();
    Path results = dir.resolve("results.csv");
    Path curves = dir.resolve("curves.csv");
    ResultsCsv.writeResults(runs, results);
    ResultsCsv.writeCurves(runs, curves);

    assertEquals(runs.stream().map(RunResult::withoutCurve).toList(), ResultsCsv.read(results));
    assertEquals(runs, ResultsCsv.read(results, curves));
  }

  @Test
  void quotesOnlyFieldsThatNeedIt() throws IOException {
    Path results = dir.resolve("results.csv");
    ResultsCsv.writeResults(awkwardRuns().subList(0, 1), results);
    List<String> lines = Files.readAllLines(results);
    assertEquals("experiment,task,schedule,hyperparameters,seed,test_accuracy,final_train_loss,diverged,wall_seconds,"
        + "phase,validation_accuracy,lr_bracket", lines.get(0));
    assertEquals("meta-train,fmnist-mlp,cosine,\"lr=0.1, momentum=0.9\",1,0.9123456789012345,0.123456789,false,12.25,"
        + "eval,NaN,", lines.get(1));
    assertEquals("\"name=\"\"a,b\"\"\"", CsvCodec.field("name=\"a,b\""));
    assertEquals("\"\"\"hd\"\" v2\"", CsvCodec.field("\"hd\" v2"));
  }

  @Test
  void curvesFileHasOneRowPerPoint() throws IOException {
    Path curves = dir.resolve("curves.csv");
    ResultsCsv.writeCurves(awkwardRuns(), curves);
    List<List<String>> records = CsvCodec.parse(Files.readString(curves));
    assertEquals(ResultsCsv.CURVE_COLUMNS, records.get(0));
    assertEquals(1 + 3 + 1, records.size());
    assertEquals(List.of("meta-train", "fmnist-mlp", "cosine", "1", "10", "1.0E-5", "Infinity", "0.5"), records.get(2));
  }

  @Test
  void parsesWindowsLineEndingsAndReorderedColumns() throws IOException {
    Path results = dir.resolve("results.csv");
    Files.writeString(results, "seed,experiment,task,schedule,hyperparameters,test_accuracy,final_train_loss,"
        + "diverged,wall_seconds,extra\r\n3,e,t,s,\"a=1,\r\nb=2\",0.5,NaN,TRUE,1.5,x\r\n\r\n");
    assertEquals(List.of(new RunResult("e", "t", "s", "a=1,\r\nb=2", 3, 0.5, Double.NaN, true, 1.5, List.of())),
        ResultsCsv.read(results));
  }

  @Test
  void tuningRowsRoundTripWithoutCurvesAndOldFilesReadAsEvaluationRuns() throws IOException {
    RunResult eval = awkwardRuns().get(0).withLrBracket(LrBracket.HIGHEST);
    List<RunResult> runs = List.of(
        new RunResult("e", "t", "cosine", "lr=0.1", 100, Double.NaN, 0.4, false, 2, List.of(new CurvePoint(1, 0.1,
            2.0, Double.NaN)), RunResult.Phase.TUNE, 0.81, LrBracket.NONE),
        new RunResult("e", "t", "cosine", "lr=0.3", 100, Double.NaN, 0.3, false, 2, List.of(),
            RunResult.Phase.TUNE, 0.83, LrBracket.NONE),
        eval);
    Path results = dir.resolve("results.csv");
    Path curves = dir.resolve("curves.csv");
    ResultsCsv.writeResults(runs, results);
    ResultsCsv.writeCurves(runs, curves);

    List<RunResult> reread = ResultsCsv.read(results, curves);
    assertEquals(List.of(runs.get(0).withoutCurve(), runs.get(1), eval), reread,
        "tuning runs share (task, schedule, seed), so their curves are not kept");
    assertEquals(1 + eval.curve().size(), Files.readAllLines(curves).size());
    assertTrue(Files.readAllLines(results).get(1).endsWith(",tune,0.81,"));
    assertTrue(Files.readAllLines(results).get(3).endsWith(",eval,NaN,highest"));

    Path old = dir.resolve("old.csv");
    Files.writeString(old, "experiment,task,schedule,hyperparameters,seed,test_accuracy,final_train_loss,diverged,"
        + "wall_seconds\ne,t,s,lr=0.1,1,0.5,0.4,false,3.0\n");
    RunResult read = ResultsCsv.read(old).get(0);
    assertEquals(new RunResult("e", "t", "s", "lr=0.1", 1, 0.5, 0.4, false, 3.0, List.of()), read);
    assertEquals(RunResult.Phase.EVAL, read.phase());
    assertTrue(Double.isNaN(read.validationAccuracy()));
    assertEquals(LrBracket.NONE, read.lrBracket());

    Path badPhase = dir.resolve("phase.csv");
    Files.writeString(badPhase, String.join(",", ResultsCsv.RESULT_COLUMNS) + "\ne,t,s,,1,0.5,1,false,1,warm,0.5,\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultsCsv.read(badPhase)).getMessage()
        .contains("bad phase 'warm'"));
  }

  @Test
  void rejectsBrokenFiles() throws IOException {
    Path missingColumn = dir.resolve("missing.csv");
    Files.writeString(missingColumn, "experiment,task\ne,t\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultsCsv.read(missingColumn)).getMessage()
        .contains("missing column 'schedule'"));

    Path unterminated = dir.resolve("unterminated.csv");
    Files.writeString(unterminated, String.join(",", ResultsCsv.RESULT_COLUMNS) + "\ne,t,s,\"oops,1,0.5,1,false,1\n");
    assertThrows(IllegalArgumentException.class, () -> ResultsCsv.read(unterminated));

    Path badNumber = dir.resolve("bad.csv");
    Files.writeString(badNumber, String.join(",", ResultsCsv.RESULT_COLUMNS) + "\ne,t,s,,1,zero,1,false,1,eval,NaN,\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultsCsv.read(badNumber)).getMessage()
        .contains("test_accuracy"));
  }

  @Test
  void curvesNeedRunsThatCanBeToldApart() throws IOException {
    RunResult run = awkwardRuns().get(0);
    List<RunResult> twins = List.of(run, run.withCurve(List.of()));
    Path results = dir.resolve("results.csv");
    Path curves = dir.resolve("curves.csv");
    ResultsCsv.writeResults(twins, results);
    ResultsCsv.writeCurves(twins, curves);
    assertThrows(IllegalArgumentException.class, () -> ResultsCsv.read(results, curves));
  }
}
