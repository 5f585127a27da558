package dev.mlrs.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.sim.data.TrainTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The fleet-study preset says what issue 8 asks of the study (seeds, re-tuning, grids, served arms). */
class FleetStudyPresetTest {
  private static final List<String> BASELINES = List.of("fixed", "multistep", "exponential", "cosine", "sgdr",
      "onecycle", "plateau", "adam", "hd");

  private static ExperimentPlan experiment(ExperimentPlan.Study study, String name) {
    return study.experiments().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }

  private static TaskSpec task(ExperimentPlan plan, String name) {
    return plan.tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void seedsTuningAndTasks() throws IOException {
    ExperimentPlan.Study fleet = ExperimentPlan.preset("fleet-study");
    ExperimentPlan.Study study = ExperimentPlan.preset("study");
    ExperimentPlan main = experiment(fleet, "main");
    ExperimentPlan transfer = experiment(fleet, "transfer");

    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), main.seeds());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), transfer.seeds());
    for (ExperimentPlan plan : List.of(main, transfer)) {
      assertEquals(100, plan.tuningSeed());
      assertFalse(plan.seeds().contains(plan.tuningSeed()), "tuning seed apart from the evaluation seeds");
      assertNull(plan.hyperparametersFrom(), plan.name() + ": baselines are tuned on every task");
      assertEquals(4, plan.concurrency());
      assertEquals(6, plan.evaluations());
      assertEquals(20, plan.validateEvery());
    }

    assertEquals(List.of(task(experiment(study, "meta-train"), "fmnist-mlp")), main.tasks(), "study.json's task");
    assertEquals(List.of("mnist-mlp", "fmnist-cnn", "fmnist-mlp-b256", "fmnist-mlp-6ep", "fmnist-mlp-noise40",
        "digits-mlp", "breast-cancer-mlp"), transfer.tasks().stream().map(TaskSpec::name).toList());
    ExperimentPlan studyTransfer = experiment(study, "transfer");
    for (String name : List.of("mnist-mlp", "fmnist-cnn", "fmnist-mlp-b256", "fmnist-mlp-6ep")) {
      assertEquals(task(studyTransfer, name), task(transfer, name), name + " as in study.json");
    }
    assertEquals(task(experiment(study, "noise"), "fmnist-mlp-noise40"), task(transfer, "fmnist-mlp-noise40"));
    TaskSpec noisy = task(transfer, "fmnist-mlp-noise40");
    assertEquals(new TaskSpec.NoiseSpec("uniform", 0.4), noisy.noise());
    assertEquals(1000, noisy.validationSize());
  }

  @Test
  void everyBaselineWithAFivePointGridAndTheThreeFrozenLearners() throws IOException {
    for (ExperimentPlan plan : ExperimentPlan.preset("fleet-study").experiments()) {
      List<BaselineEntry> baselines = plan.schedules().stream().filter(BaselineEntry.class::isInstance)
          .map(BaselineEntry.class::cast).toList();
      assertEquals(BASELINES, baselines.stream().map(BaselineEntry::name).toList());
      for (BaselineEntry b : baselines) {
        assertEquals(5, b.grid().size(), b.name());
        Optional<String> lrKey = GridSearch.learningRateKey(b.grid());
        assertTrue(lrKey.isPresent(), b.name() + " varies its learning rate, so it can be bracketed");
        List<Double> lrs = b.grid().stream().map(p -> p.get(lrKey.get())).toList();
        double low = b.name().equals("adam") ? 1e-4 : 0.01;
        double high = b.name().equals("adam") ? 0.01 : 1.0;
        assertTrue(lrs.stream().allMatch(lr -> lr >= low && lr <= high), b.name() + " " + lrs);
        assertEquals(high, lrs.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), b.name());
      }
      Map<String, ServedEntry> served = plan.schedules().stream().filter(ServedEntry.class::isInstance)
          .map(ServedEntry.class::cast).collect(Collectors.toMap(ServedEntry::name, s -> s));
      assertEquals(Map.of("released-3stage", "reference-3stage", "paper-frozen", "mlrsnet-paper", "fleet", "fleet"),
          served.values().stream().collect(Collectors.toMap(ServedEntry::name, ServedEntry::learner)));
      assertTrue(served.values().stream().allMatch(s -> s.mode() == LearnerMode.FROZEN && s.forkFrom() == null));
    }
  }

  /** The CSV task names its file relative to the repository root (where ./mlrs runs); it must load from there. */
  @Test
  void theCsvTaskLoads() throws IOException {
    TaskSpec csv = task(experiment(ExperimentPlan.preset("fleet-study"), "transfer"), "breast-cancer-mlp");
    assertTrue(csv.dataset().startsWith("csv:"), csv.dataset());
    Path relative = Path.of(csv.dataset().substring("csv:".length()));
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isRegularFile(root.resolve(relative))) {
      root = root.getParent();
    }
    assertNotNull(root, relative + " is in no folder above " + Path.of("").toAbsolutePath());
    TaskSpec absolute = new TaskSpec(csv.name(), "csv:" + root.resolve(relative), csv.model(), csv.optimizer(),
        csv.weightDecay(), csv.batchSize(), csv.epochs(), csv.trainLimit(), csv.testLimit(), csv.validationSize(),
        csv.noise());
    TrainTest data = PreparedTask.load(absolute);
    assertEquals(569, data.train().size() + data.test().size(), "sklearn's breast cancer data: 569 samples");
    PreparedTask prepared = PreparedTask.of(absolute, data, 1);
    assertEquals(100, prepared.validation().size());
    assertEquals(2, prepared.train().numClasses());
    assertTrue(prepared.totalSteps() >= 200, "enough steps for a schedule to matter: " + prepared.totalSteps());
  }
}
