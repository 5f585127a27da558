package dev.mlrs.experiments.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.experiments.TaskSpec;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.serde.AvroTrust;
import dev.mlrs.sim.job.StepRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationSummaryTest {
  static {
    AvroTrust.install();   // builders fill enum defaults (EsSettings.subspace) through Avro's class check
  }

  private static final TaskSpec TASK = new TaskSpec("a", "digits", "mlp", "sgd", 0, 32, 1, 0, 0, 100, null);

  /** A run whose LR falls linearly from {@code first} to {@code last} over {@code steps} steps. */
  private static List<StepRecord> linear(int steps, double first, double last) {
    List<StepRecord> records = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      records.add(new StepRecord(t, 1.0, first + (last - first) * t / (steps - 1), false, 1, 1.0));
    }
    return records;
  }

  @Test
  void summarisesFitnessAccuracyAndTheLrAtStartMiddleAndEndOverRunsOfDifferentLengths() {
    List<FleetMetaTraining.JobOutcome> jobs = List.of(
        new FleetMetaTraining.JobOutcome(TASK, 10_001, EsSide.PLUS, linear(11, 1.0, 0.0), 0.4, 0.9, false),
        new FleetMetaTraining.JobOutcome(TASK, 10_001, EsSide.MINUS, linear(21, 0.5, 0.1), 0.6, 0.7, false),
        new FleetMetaTraining.JobOutcome(TASK, 10_002, EsSide.MINUS, linear(5, 0.5, 0.1), Double.NaN, Double.NaN,
            true));
    LearnerParams next = LearnerParams.newBuilder().setName("f").setVersion(7).setHiddenSize(1).setMlpHiddenSize(1)
        .setStages(List.of()).setOptimizer(dev.mlrs.schemas.MetaOptimizerSettings.newBuilder().build())
        .setOrigin("test").setCreatedAtMillis(0).setEs(EsSettings.newBuilder().setGeneration(6).build()).build();

    GenerationSummary summary = FleetMetaTraining.summarise(next, jobs, 12.0);

    assertEquals(6, summary.generation());
    assertEquals(7, summary.version());
    assertEquals(3, summary.runs());
    assertEquals(0.5, summary.meanFitness(), 1e-12, "a diverged run's NaN does not hide the others");
    assertEquals(0.8, summary.meanAccuracy(), 1e-12);
    assertEquals((1.0 + 0.5 + 0.5) / 3, summary.lrStart(), 1e-12);
    assertEquals((0.5 + 0.3 + 0.3) / 3, summary.lrMiddle(), 1e-12);
    assertEquals((0.0 + 0.1 + 0.1) / 3, summary.lrEnd(), 1e-12);
    assertTrue(summary.csvLine().startsWith("6,7,3,0.500000,0.800000,"), summary.csvLine());
    assertEquals(GenerationSummary.CSV_HEADER.split(",").length, summary.csvLine().split(",").length);
  }

  @Test
  void aRunRowNamesTheTaskSeedAndSideWithItsOwnFitnessAndLrs() {
    RunRow row = RunRow.of(6, new FleetMetaTraining.JobOutcome(TASK, 10_002, EsSide.MINUS, linear(21, 0.5, 0.1),
        0.6, 0.7, false));
    assertEquals("6,a,10002,minus,0.600000,0.700000,false,0.500000,0.300000,0.100000", row.csvLine());
    assertEquals(RunRow.CSV_HEADER.split(",").length, row.csvLine().split(",").length);
  }

  @Test
  void theGenerationPlotAveragesEachSideAtTheSameFractionsOfTheRun() {
    double[] curve = GenerationPlot.meanCurve(List.of(linear(11, 1.0, 0.0), linear(101, 0.0, 1.0)));
    assertEquals(GenerationPlot.POINTS, curve.length);
    assertArrayEquals(new double[] {0.5, 0.5}, new double[] {curve[0], curve[GenerationPlot.POINTS - 1]}, 1e-12);
  }
}
