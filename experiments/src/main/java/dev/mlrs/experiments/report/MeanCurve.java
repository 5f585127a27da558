package dev.mlrs.experiments.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * The mean over seeds of one metric at each step. At each step only the seeds with a plottable value count, so a
 * diverged seed drops out of the mean instead of turning it into NaN.
 */
record MeanCurve(double[] steps, double[] means) {

  static MeanCurve of(ScheduleRuns schedule, CurveMetric metric) {
    Map<Long, double[]> sumAndCount = new TreeMap<>();
    for (RunResult run : schedule.runs()) {
      for (CurvePoint point : run.curve()) {
        double v = metric.valueOf(point);
        if (metric.canPlot(v)) {
          double[] acc = sumAndCount.computeIfAbsent(point.step(), k -> new double[2]);
          acc[0] += v;
          acc[1]++;
        }
      }
    }
    double[] steps = new double[sumAndCount.size()];
    double[] means = new double[sumAndCount.size()];
    int i = 0;
    for (Map.Entry<Long, double[]> e : sumAndCount.entrySet()) {
      steps[i] = e.getKey();
      means[i] = e.getValue()[0] / e.getValue()[1];
      i++;
    }
    return new MeanCurve(steps, means);
  }

  boolean isEmpty() {
    return steps.length == 0;
  }
}
