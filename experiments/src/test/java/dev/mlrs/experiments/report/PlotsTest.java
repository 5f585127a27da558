package dev.mlrs.experiments.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class PlotsTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir
  Path dir;

  @Test
  void writesReadablePngsForEveryTaskAndMetricDespiteADivergedRun() throws IOException {
    List<RunResult> runs = SampleRuns.study();
    assertTrue(runs.stream().anyMatch(r -> r.diverged()
        && r.curve().stream().anyMatch(p -> Double.isNaN(p.trainLoss()))));

    List<Path> files = Plots.write(runs, dir);

    assertEquals(2 * 3, files.size());
    for (Path file : files) {
      assertPng(file);
      assertTrue(file.startsWith(dir));
      assertTrue(file.getFileName().toString().matches("(lr|accuracy|loss)-[A-Za-z0-9._-]+\\.png"), file.toString());
    }
    assertTrue(files.contains(dir.resolve("meta-train").resolve("lr-fmnist-mlp.png")));
  }

  @Test
  void aTaskWithNothingFiniteStillGetsCharts() throws IOException {
    List<CurvePoint> broken = List.of(new CurvePoint(0, 0.0, Double.NaN, Double.NaN),
        new CurvePoint(10, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN));
    List<RunResult> runs = List.of(new RunResult("e", "../../etc/passwd", "constant", "", 1, 0.1, Double.NaN, true,
        1, broken), new RunResult("e", "../../etc/passwd", "none", "", 1, 0.1, Double.NaN, true, 1, List.of()));
    List<Path> files = Plots.write(runs, dir);
    assertEquals(3, files.size());
    for (Path file : files) {
      assertPng(file);
      assertEquals(dir.resolve("e"), file.getParent());
    }
  }

  @Test
  void meanOverSeedsSkipsWhatCannotBeDrawn() {
    RunResult a = SampleRuns.run("e", "t", "x", "", 1, 0.8, false).withCurve(List.of(
        new CurvePoint(0, 0.1, 1.0, Double.NaN), new CurvePoint(10, 0.0, 3.0, 0.5)));
    RunResult b = a.withCurve(List.of(new CurvePoint(0, 0.3, Double.NaN, Double.NaN),
        new CurvePoint(10, 0.2, Double.POSITIVE_INFINITY, 0.7)));
    ScheduleRuns schedule = new ScheduleRuns("e", "t", "x", List.of(a, b));

    MeanCurve lr = MeanCurve.of(schedule, CurveMetric.LEARNING_RATE);
    assertArrayEquals(new double[] {0, 10}, lr.steps());
    assertArrayEquals(new double[] {0.2, 0.2}, lr.means(), 1e-12); // lr 0 cannot sit on a log axis
    MeanCurve loss = MeanCurve.of(schedule, CurveMetric.TRAIN_LOSS);
    assertArrayEquals(new double[] {1.0, 3.0}, loss.means(), 1e-12);
    MeanCurve accuracy = MeanCurve.of(schedule, CurveMetric.TEST_ACCURACY);
    assertArrayEquals(new double[] {10}, accuracy.steps());
    assertArrayEquals(new double[] {60.0}, accuracy.means(), 1e-12);
  }

  @Test
  void aScheduleKeepsItsColourOnEveryChart() {
    List<RunResult> runs = new ArrayList<>(SampleRuns.study());
    // The second task lacks two schedules, so list position alone would shift the colours.
    runs.removeIf(r -> r.task().startsWith("cifar") && Set.of("constant", "mlrsnet-learn").contains(r.schedule()));
    SchedulePalette palette = SchedulePalette.of(runs.stream().map(RunResult::schedule).toList());
    List<TaskRuns> tasks = TaskRuns.group(runs);
    XYChart first = CurveChart.of(tasks.get(0), CurveMetric.LEARNING_RATE, palette);
    XYChart second = CurveChart.of(tasks.get(1), CurveMetric.TEST_ACCURACY, palette);

    XYSeries cosineFirst = first.getSeriesMap().get("cosine (3 seeds)");
    XYSeries cosineSecond = second.getSeriesMap().get("cosine (3 seeds)");
    assertNotNull(cosineFirst);
    assertNotNull(cosineSecond);
    assertEquals(cosineFirst.getLineColor(), cosineSecond.getLineColor());
    assertEquals(first.getSeriesMap().get("step (3 seeds)").getLineColor(),
        second.getSeriesMap().get("step (3 seeds)").getLineColor());
    assertEquals(4, first.getSeriesMap().values().stream().map(XYSeries::getLineColor).distinct().count());
    assertTrue(first.getSeriesMap().containsKey("constant (3 seeds, 1 diverged)"));
  }

  @Test
  void safeFileNamesKeepDistinctNamesApart() {
    assertEquals("fmnist-mlp", SafeFileName.of("fmnist-mlp"));
    Set<String> names = Set.of("a/b", "a_b", "a b", "..", ".", "", "ünï", "CON", "x".repeat(300)).stream()
        .map(SafeFileName::of).collect(Collectors.toSet());
    assertEquals(9, names.size());
    for (String name : names) {
      assertTrue(name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}"), name);
    }
    assertNotEquals(SafeFileName.of("a/b"), SafeFileName.of("a_b"));
  }

  @Test
  void flatAndSinglePointCurvesDoNotBreakTheAxes() throws IOException {
    List<RunResult> runs = List.of(
        new RunResult("e", "flat", "constant", "", 1, 0.5, 0.7, false, 1, List.of(
            new CurvePoint(0, 0.1, 0.7, 0.5), new CurvePoint(10, 0.1, 0.7, 0.5))),
        new RunResult("e", "single", "constant", "", 1, 0.5, 0.7, false, 1, List.of(
            new CurvePoint(7, 0.1, 0.7, 0.5))));
    for (Path file : Plots.write(runs, dir)) {
      assertPng(file);
    }
  }

  static void assertPng(Path file) throws IOException {
    assertTrue(Files.size(file) > 1000, file + " is " + Files.size(file) + " bytes");
    try (InputStream in = Files.newInputStream(file)) {
      assertArrayEquals(PNG_SIGNATURE, in.readNBytes(8), file.toString());
    }
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, file.toString());
    assertEquals(CurveChart.WIDTH, image.getWidth());
    assertEquals(CurveChart.HEIGHT, image.getHeight());
  }
}
