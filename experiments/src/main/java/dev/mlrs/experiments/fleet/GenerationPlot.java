package dev.mlrs.experiments.fleet;

import dev.mlrs.schemas.EsSide;
import dev.mlrs.sim.job.StepRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG of the LR schedules one generation served: the mean over the PLUS jobs and over the MINUS jobs. */
final class GenerationPlot {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Points along t/T; runs of different lengths are averaged at the same fractions of their run. */
  static final int POINTS = 100;

  private GenerationPlot() {
  }

  static void write(List<FleetMetaTraining.JobOutcome> jobs, GenerationSummary summary, Path file)
      throws IOException {
    XYChart chart = new XYChartBuilder().width(800).height(450)
        .title(String.format("generation %d -> learner v%d, mean validation loss %.4f", summary.generation(),
            summary.version(), summary.meanFitness()))
        .xAxisTitle("t / T").yAxisTitle("learning rate").build();
    chart.getStyler().setXAxisDecimalPattern("0.0");
    double[] x = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      x[i] = i / (POINTS - 1.0);
    }
    for (EsSide side : EsSide.values()) {
      double[] y = meanCurve(jobs.stream().filter(j -> j.side() == side).map(FleetMetaTraining.JobOutcome::steps)
          .toList());
      chart.addSeries("phi " + (side == EsSide.PLUS ? "+" : "-") + " sigma eps (mean of " + side + " jobs)", x, y)
          .setMarker(SeriesMarkers.NONE);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }

  static double[] meanCurve(List<List<StepRecord>> runs) {
    double[] y = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      double sum = 0;
      int n = 0;
      for (List<StepRecord> steps : runs) {
        if (!steps.isEmpty()) {
          sum += steps.get((int) Math.round(i / (POINTS - 1.0) * (steps.size() - 1))).lr();
          n++;
        }
      }
      y[i] = n == 0 ? Double.NaN : sum / n;
    }
    return y;
  }
}
