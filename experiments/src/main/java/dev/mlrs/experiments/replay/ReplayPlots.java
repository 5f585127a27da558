package dev.mlrs.experiments.replay;

import dev.mlrs.experiments.report.ChartStyle;
import dev.mlrs.experiments.report.SafeFileName;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of replayed jobs, in the style of the experiment reports: lr-JOB.png (the LR each step was served)
 * and loss-JOB.png per job, and whatif-JOB.png with the recorded LR and a what-if schedule on the same axes.
 * Steps without a value (no decision, a rejected step) are left out of a line, not drawn as zero.
 */
public final class ReplayPlots {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 500;
  private static final Color RECORDED = new Color(0x1f77b4);
  private static final Color WHAT_IF = new Color(0xd62728);

  private ReplayPlots() {
  }

  /** LR and loss charts for the first {@code maxJobs} jobs; returns the files written. */
  public static List<Path> write(List<JobTrace> jobs, Path dir, int maxJobs) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (JobTrace job : jobs.subList(0, Math.min(maxJobs, jobs.size()))) {
      XYChart lr = chart("learning rate served: " + job.job(), "learning rate", true);
      addSeries(lr, "served LR (" + learners(job) + ")", steps(job), recordedLr(job), RECORDED, false);
      written.add(save(lr, dir, "lr-", job.job()));
      XYChart loss = chart("training loss: " + job.job(), "minibatch loss (before the update)", false);
      addSeries(loss, "loss", steps(job), job.steps().stream().mapToDouble(StepRow::loss).toArray(), RECORDED, false);
      written.add(save(loss, dir, "loss-", job.job()));
    }
    return written;
  }

  /** Recorded and what-if LR of the first {@code maxJobs} jobs on one chart each; returns the files written. */
  public static List<Path> writeWhatIf(List<JobTrace> jobs, String label, List<double[]> lrs, Path dir, int maxJobs)
      throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (int j = 0; j < Math.min(maxJobs, jobs.size()); j++) {
      JobTrace job = jobs.get(j);
      XYChart chart = chart("recorded vs what-if LR: " + job.job(), "learning rate", true);
      addSeries(chart, "recorded (" + learners(job) + ")", steps(job), recordedLr(job), RECORDED, false);
      addSeries(chart, "what-if: " + label, steps(job), lrs.get(j), WHAT_IF, true);
      written.add(save(chart, dir, "whatif-", job.job()));
    }
    return written;
  }

  private static XYChart chart(String title, String yTitle, boolean logY) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("training step").yAxisTitle(yTitle).build();
    ChartStyle.apply(chart, logY);
    return chart;
  }

  /** Adds the finite, positive-where-logarithmic points of (x, y) as a line; nothing when none is left. */
  private static void addSeries(XYChart chart, String name, double[] x, double[] y, Color color, boolean dashed) {
    boolean log = chart.getStyler().isYAxisLogarithmic();
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(y[i]) && (!log || y[i] > 0)) {
        xs.add(x[i]);
        ys.add(y[i]);
      }
    }
    if (xs.isEmpty()) {
      chart.setTitle(chart.getTitle() + " (" + name + ": nothing to plot)");
      return;
    }
    double min = ys.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double max = ys.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    // As in the experiment charts: label the 2, 3, ... ticks when the values span less than two decades.
    chart.getStyler().setYAxisLogarithmicDecadeOnly(!(log && max / min < 100));
    XYSeries series = chart.addSeries(name, xs, ys);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(color);
    if (dashed) {
      series.setLineStyle(SeriesLines.DASH_DASH);
    }
  }

  private static double[] steps(JobTrace job) {
    return job.steps().stream().mapToDouble(StepRow::step).toArray();
  }

  private static double[] recordedLr(JobTrace job) {
    return job.steps().stream().mapToDouble(s -> s.served() ? s.lr() : Double.NaN).toArray();
  }

  /** "default@1" or "default@1..4" or "no decisions": which versions served the job. */
  static String learners(JobTrace job) {
    List<StepRow> served = job.steps().stream().filter(StepRow::served).toList();
    if (served.isEmpty()) {
      return "no decisions";
    }
    long min = served.stream().mapToLong(StepRow::learnerVersion).min().orElseThrow();
    long max = served.stream().mapToLong(StepRow::learnerVersion).max().orElseThrow();
    String name = served.get(0).learner();
    return name + "@" + min + (max == min ? "" : ".." + max);
  }

  private static Path save(XYChart chart, Path dir, String prefix, String job) throws IOException {
    Path file = dir.resolve(prefix + SafeFileName.of(job) + ".png");
    ChartStyle.save(chart, file);
    return file;
  }
}
