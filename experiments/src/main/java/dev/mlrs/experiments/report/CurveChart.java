package dev.mlrs.experiments.report;

import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Builds the chart of one metric for one (experiment, task): a line per schedule, mean over seeds. */
final class CurveChart {
  static final int WIDTH = 1000;
  static final int HEIGHT = 600;

  private CurveChart() {
  }

  static XYChart of(TaskRuns task, CurveMetric metric, SchedulePalette palette) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(metric.title + " vs step: " + task.task() + " (" + task.experiment() + "), mean over seeds")
        .xAxisTitle("training step (optimizer updates)").yAxisTitle(metric.axisTitle).build();
    style(chart, metric);
    int plotted = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (ScheduleRuns schedule : task.schedules()) {
      MeanCurve curve = MeanCurve.of(schedule, metric);
      if (curve.isEmpty()) {
        continue; // XChart cannot draw an empty series; the legend stays honest by omitting it
      }
      XYSeries series = chart.addSeries(legendLabel(schedule), curve.steps(), curve.means());
      Color color = palette.color(schedule.schedule());
      series.setLineColor(color);
      series.setMarkerColor(color);
      series.setLineStyle(palette.stroke(schedule.schedule()));
      // Accuracy has ~10 evaluation points: markers show where it was measured. The others are dense lines.
      series.setMarker(metric == CurveMetric.TEST_ACCURACY ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
      plotted++;
      for (double v : curve.means()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    // XChart labels only powers of ten by default: fine across 1e-5..1, but a loss from 2.3 to 0.1 would get a
    // single label. Label the 2, 3, ... ticks too when the data spans less than two decades.
    chart.getStyler().setYAxisLogarithmicDecadeOnly(!(metric.logScale && max / min < 100));
    if (plotted == 0) {
      chart.setTitle(chart.getTitle() + " (no finite values to plot)");
    }
    return chart;
  }

  /** "cosine (3 seeds, 1 diverged)": the reader sees at once how many runs stand behind a line. */
  static String legendLabel(ScheduleRuns schedule) {
    String seeds = schedule.seeds() == 1 ? "1 seed" : schedule.seeds() + " seeds";
    long diverged = schedule.diverged();
    return schedule.schedule() + " (" + seeds + (diverged > 0 ? ", " + diverged + " diverged" : "") + ")";
  }

  private static void style(XYChart chart, CurveMetric metric) {
    ChartStyle.apply(chart, metric.logScale);
  }

}
