package dev.mlrs.experiments.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * PNG charts of the runs' curves: for each (experiment, task), lr-, accuracy- and loss-&lt;task&gt;.png in a folder
 * named after the experiment (so two experiments on the same task do not overwrite each other). Each line is a
 * schedule's mean over seeds; a schedule has the same colour on every chart.
 */
public final class Plots {
  static {
    // Charts are drawn off-screen; on a machine with a display this keeps AWT from opening a window system.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Plots() {
  }

  /** Writes every chart under plotDir and returns the files written. */
  public static List<Path> write(List<RunResult> runs, Path plotDir) throws IOException {
    SchedulePalette palette = SchedulePalette.of(runs.stream().map(RunResult::schedule).toList());
    List<Path> written = new ArrayList<>();
    for (TaskRuns task : TaskRuns.group(runs)) {
      for (CurveMetric metric : CurveMetric.values()) {
        Path file = plotDir.resolve(relativePath(task.experiment(), task.task(), metric));
        Files.createDirectories(file.getParent());
        save(CurveChart.of(task, metric, palette), file);
        written.add(file);
      }
    }
    return written;
  }

  /** e.g. "meta-train/lr-fmnist-mlp.png", relative to the plot folder. */
  static Path relativePath(String experiment, String task, CurveMetric metric) {
    return Path.of(SafeFileName.of(experiment), metric.filePrefix + "-" + SafeFileName.of(task) + ".png");
  }

  private static void save(XYChart chart, Path file) throws IOException {
    ChartStyle.save(chart, file);
  }

}
