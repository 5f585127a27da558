package dev.mlrs.experiments.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * results.csv (one row per run, tuning runs included) and curves.csv (one row per curve point of every evaluation
 * run), and reading them back so a report can be regenerated without re-training. Numbers are written with
 * Double.toString, which reads back to the exact same double (NaN and Infinity included) whatever the locale.
 * Files written before the columns phase, validation_accuracy and lr_bracket existed still read: their rows are
 * evaluation runs without a validation measurement.
 */
public final class ResultsCsv {
  public static final String RESULTS_FILE = "results.csv";
  public static final String CURVES_FILE = "curves.csv";

  static final List<String> RESULT_COLUMNS = List.of("experiment", "task", "schedule", "hyperparameters", "seed",
      "test_accuracy", "final_train_loss", "diverged", "wall_seconds", "phase", "validation_accuracy", "lr_bracket");
  /** Columns older files lack; the reader then assumes an evaluation run, validation NaN, no bracketing record. */
  static final List<String> OPTIONAL_RESULT_COLUMNS = List.of("phase", "validation_accuracy", "lr_bracket");
  static final List<String> CURVE_COLUMNS = List.of("experiment", "task", "schedule", "seed", "step", "lr",
      "train_loss", "test_accuracy");

  private ResultsCsv() {
  }

  public static void writeResults(List<RunResult> runs, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(CsvCodec.line(RESULT_COLUMNS));
      for (RunResult r : runs) {
        out.write(CsvCodec.line(List.of(r.experiment(), r.task(), r.schedule(), r.hyperparameters(),
            Long.toString(r.seed()), Double.toString(r.testAccuracy()), Double.toString(r.finalTrainLoss()),
            Boolean.toString(r.diverged()), Double.toString(r.wallSeconds()), r.phase().label(),
            Double.toString(r.validationAccuracy()), r.lrBracket().label)));
      }
    }
  }

  /** The curves of the evaluation runs (tuning runs' curves are not kept: results.csv has their outcome). */
  public static void writeCurves(List<RunResult> runs, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(CsvCodec.line(CURVE_COLUMNS));
      for (RunResult r : runs) {
        if (!r.evaluation()) {
          continue;
        }
        for (CurvePoint p : r.curve()) {
          out.write(CsvCodec.line(List.of(r.experiment(), r.task(), r.schedule(), Long.toString(r.seed()),
              Long.toString(p.step()), Double.toString(p.lr()), Double.toString(p.trainLoss()),
              Double.toString(p.testAccuracy()))));
        }
      }
    }
  }

  /** The runs of a results.csv, with empty curves. */
  public static List<RunResult> read(Path resultsCsv) throws IOException {
    List<RunResult> runs = new ArrayList<>();
    List<String> required = RESULT_COLUMNS.stream().filter(c -> !OPTIONAL_RESULT_COLUMNS.contains(c)).toList();
    for (Row row : rows(resultsCsv, required)) {
      RunResult.Phase phase = row.has("phase") ? row.parsed("phase", RunResult.Phase::parse) : RunResult.Phase.EVAL;
      double validation = row.has("validation_accuracy") ? row.number("validation_accuracy") : Double.NaN;
      LrBracket bracket = row.has("lr_bracket") ? row.parsed("lr_bracket", LrBracket::parse) : LrBracket.NONE;
      runs.add(new RunResult(row.text("experiment"), row.text("task"), row.text("schedule"),
          row.text("hyperparameters"), row.whole("seed"), row.number("test_accuracy"),
          row.number("final_train_loss"), row.flag("diverged"), row.number("wall_seconds"), List.of(), phase,
          validation, bracket));
    }
    return runs;
  }

  /**
   * The runs of a results.csv with their curves from curves.csv. Curves are matched on (experiment, task,
   * schedule, seed), which must therefore name one evaluation run only; tuning runs get no curve.
   */
  public static List<RunResult> read(Path resultsCsv, Path curvesCsv) throws IOException {
    Map<RunKey, List<CurvePoint>> curves = new HashMap<>();
    for (Row row : rows(curvesCsv, CURVE_COLUMNS)) {
      RunKey key = new RunKey(row.text("experiment"), row.text("task"), row.text("schedule"), row.whole("seed"));
      curves.computeIfAbsent(key, k -> new ArrayList<>()).add(new CurvePoint(row.whole("step"), row.number("lr"),
          row.number("train_loss"), row.number("test_accuracy")));
    }
    List<RunResult> runs = new ArrayList<>();
    Map<RunKey, RunResult> seen = new HashMap<>();
    for (RunResult run : read(resultsCsv)) {
      if (!run.evaluation()) {
        runs.add(run);
        continue;
      }
      RunKey key = RunKey.of(run);
      if (seen.put(key, run) != null) {
        throw new IllegalArgumentException(resultsCsv + ": two runs share " + key + ", so curves.csv is ambiguous");
      }
      runs.add(run.withCurve(curves.getOrDefault(key, List.of())));
    }
    return runs;
  }

  private static List<Row> rows(Path file, List<String> required) throws IOException {
    List<List<String>> records = CsvCodec.parse(Files.readString(file, StandardCharsets.UTF_8));
    if (records.isEmpty()) {
      throw new IllegalArgumentException(file + ": empty, expected a header " + required);
    }
    Map<String, Integer> columns = new LinkedHashMap<>();
    List<String> header = records.get(0);
    for (int i = 0; i < header.size(); i++) {
      columns.put(header.get(i).strip(), i);
    }
    for (String name : required) {
      if (!columns.containsKey(name)) {
        throw new IllegalArgumentException(file + ": missing column '" + name + "' (header: " + header + ")");
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      if (records.get(r).size() != header.size()) {
        throw new IllegalArgumentException(file + ": record " + r + " has " + records.get(r).size()
            + " fields, the header has " + header.size());
      }
      rows.add(new Row(file, r, columns, records.get(r)));
    }
    return rows;
  }

  /** The identity of a run within curves.csv. */
  record RunKey(String experiment, String task, String schedule, long seed) {
    static RunKey of(RunResult r) {
      return new RunKey(r.experiment(), r.task(), r.schedule(), r.seed());
    }
  }

  /** One data record, read by column name so extra or reordered columns do no harm. */
  private record Row(Path file, int index, Map<String, Integer> columns, List<String> fields) {
    String text(String column) {
      return fields.get(columns.get(column));
    }

    boolean has(String column) {
      return columns.containsKey(column);
    }

    <T> T parsed(String column, Function<String, T> parser) {
      try {
        return parser.apply(text(column));
      } catch (IllegalArgumentException e) {
        throw bad(column, e);
      }
    }

    double number(String column) {
      try {
        return Double.parseDouble(text(column).strip());
      } catch (NumberFormatException e) {
        throw bad(column, e);
      }
    }

    long whole(String column) {
      try {
        return Long.parseLong(text(column).strip());
      } catch (NumberFormatException e) {
        throw bad(column, e);
      }
    }

    boolean flag(String column) {
      String value = text(column).strip();
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(value);
      }
      throw bad(column, null);
    }

    private IllegalArgumentException bad(String column, Exception cause) {
      return new IllegalArgumentException(file + ": record " + index + ": bad " + column + " '" + text(column) + "'",
          cause);
    }
  }
}
