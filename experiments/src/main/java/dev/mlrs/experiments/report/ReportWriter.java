package dev.mlrs.experiments.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the full report of a set of runs into one folder: results.csv, curves.csv, summary.md and plots/.
 * To regenerate a report without re-training: {@code write(ResultsCsv.read(results, curves), dir)}.
 */
public final class ReportWriter {
  public static final String SUMMARY_FILE = "summary.md";
  public static final String PLOT_FOLDER = "plots";

  private ReportWriter() {
  }

  /** Writes every report file under dir (created if needed) and returns them in the order written. */
  public static List<Path> write(List<RunResult> runs, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    Path results = dir.resolve(ResultsCsv.RESULTS_FILE);
    ResultsCsv.writeResults(runs, results);
    written.add(results);
    Path curves = dir.resolve(ResultsCsv.CURVES_FILE);
    ResultsCsv.writeCurves(runs, curves);
    written.add(curves);
    written.addAll(Plots.write(runs, dir.resolve(PLOT_FOLDER)));
    Path summary = dir.resolve(SUMMARY_FILE);
    Files.writeString(summary, SummaryDocument.render(runs, PLOT_FOLDER), StandardCharsets.UTF_8);
    written.add(summary);
    return written;
  }
}
