package dev.mlrs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad options are refused before anything starts (no broker, no agent: those take seconds), and the message
 * names the option. A broker would print "Starting the embedded Kafka broker" first.
 */
class OptionValidationTest {

  private static void assertRefusedAtOnce(CliRun run, String expected) {
    assertEquals(1, run.status(), run.toString());
    assertTrue(run.err().contains(expected), "expected '" + expected + "' in\n" + run);
    assertFalse(run.out().contains("Starting"), "nothing may start before the options are checked:\n" + run);
    assertTrue(run.seconds() < 5, "took " + run.seconds() + " s");
  }

  @Test
  void negativeStepsNameTheOption() {
    assertRefusedAtOnce(CliRun.of("train", "--steps", "-5"), "--steps must be at least 1, got -5");
  }

  @Test
  void anUnknownDatasetIsRefusedWithTheKnownOnes() {
    CliRun run = CliRun.of("train", "--dataset", "cifar10");
    assertRefusedAtOnce(run, "--dataset: unknown dataset 'cifar10'; use one of [fashion-mnist, mnist, digits]");
  }

  @Test
  void aMissingCsvFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("absent.csv");
    assertRefusedAtOnce(CliRun.of("demo", "--dataset", "csv:" + missing), "csv: file not found: " + missing);
  }

  @Test
  void unknownModelsOptimizersAndRangesAreNamed() {
    assertRefusedAtOnce(CliRun.of("train", "--model", "resnet50"), "--model: unknown model 'resnet50'");
    assertRefusedAtOnce(CliRun.of("demo", "--optimizer", "rmsprop"), "--optimizer: unknown optimizer 'rmsprop'");
    assertRefusedAtOnce(CliRun.of("demo", "--batch-size", "0"), "--batch-size must be at least 1, got 0");
    assertRefusedAtOnce(CliRun.of("train", "--lr-max", "0"), "--lr-max must be a finite number > 0, got 0.0");
    assertRefusedAtOnce(CliRun.of("train", "--fallback-lr", "2"), "--fallback-lr 2.0 is above --lr-max 1.0");
    assertRefusedAtOnce(CliRun.of("demo", "--learn-jobs", "-1"), "--learn-jobs must be at least 0, got -1");
    assertRefusedAtOnce(CliRun.of("train", "--validation-size", "0"), "--validation-size must be at least 1");
  }

  @Test
  void anExperimentPlanWithAnUnknownScheduleIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, """
        {"name": "typo", "seeds": [1],
         "tasks": [{"name": "d", "dataset": "digits", "batchSize": 32, "epochs": 1, "validationSize": 100}],
         "schedules": [{"name": "cosinus", "grid": [{"lr": 0.1}]}]}
        """);
    CliRun run = CliRun.of("experiment", plan.toString(), "--out", dir.resolve("out").toString());
    assertRefusedAtOnce(run, "unknown schedule 'cosinus'");
    assertTrue(run.err().contains(", hd (SGD with hypergradient descent)"), run.toString());
  }

  @Test
  void aMissingLearnerFileIsNotFoundNotInvalid(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    assertRefusedAtOnce(CliRun.of("learners", "import", missing.toString()),
        "learner file not found: " + missing);
  }
}
