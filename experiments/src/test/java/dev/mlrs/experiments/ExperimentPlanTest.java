package dev.mlrs.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.LearnerMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentPlanTest {
  @TempDir
  Path dir;

  @Test
  void theExampleInDocsExperimentsMdIsAValidPlanCommentsIncluded() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "experiments.md"));
    int start = doc.indexOf("```json\n") + "```json\n".length();
    String example = doc.substring(start, doc.indexOf("```", start));
    assertTrue(example.contains("//"), "the example explains itself with comments");
    Path file = Files.writeString(dir.resolve("example.json"), example);
    ExperimentPlan plan = ExperimentPlan.read(file).experiments().get(0);
    assertEquals("meta-train", plan.name());
    assertEquals(4, plan.schedules().size());
  }

  @Test
  void aTaskWithAnUnknownDatasetOrModelIsRefusedWhenThePlanIsRead() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, """
        {"name": "t", "seeds": [1], "tasks": [{"name": "c", "dataset": "cifar10", "batchSize": 32,
          "epochs": 1, "validationSize": 100}], "schedules": [{"name": "cosine", "grid": [{"lr": 0.1}]}]}""");
    IOException e = assertThrows(IOException.class, () -> ExperimentPlan.read(file));
    assertTrue(e.getMessage().contains("task c: unknown dataset 'cifar10'"), e.getMessage());
    Files.writeString(file, Files.readString(file).replace("\"cifar10\"", "\"digits\", \"model\": \"vgg\""));
    e = assertThrows(IOException.class, () -> ExperimentPlan.read(file));
    assertTrue(e.getMessage().contains("task c: unknown model 'vgg'"), e.getMessage());
  }

  private ExperimentPlan read(String schedules) throws IOException {
    Path file = dir.resolve("plan.json");
    Files.writeString(file, """
        {"name": "t", "seeds": [1, 2, 3], "tasks": [{"name": "digits-mlp", "dataset": "digits", "batchSize": 32,
          "epochs": 1, "validationSize": 100}],
         "schedules": [%s]}""".formatted(schedules));
    return ExperimentPlan.read(file).experiments().get(0);
  }

  @Test
  void entriesWithALearnerAreServedAndTheOthersBaselines() throws IOException {
    ExperimentPlan plan = read("""
        {"name": "adam", "schedule": "fixed", "optimizer": "adam", "grid": [{"lr": 0.001}, {"lr": 0.003}]},
        {"name": "cosine", "grid": [{"lr": 0.1}]},
        {"name": "mlrsnet-learn", "learner": "q-{task}", "mode": "learn", "forkFrom": "default"},
        {"name": "mlrsnet-frozen", "learner": "reference-3stage"}""");

    BaselineEntry adam = assertInstanceOf(BaselineEntry.class, plan.schedules().get(0));
    assertEquals("fixed", adam.schedule());
    assertEquals(List.of(Map.of("lr", 0.001), Map.of("lr", 0.003)), adam.grid());
    BaselineEntry cosine = assertInstanceOf(BaselineEntry.class, plan.schedules().get(1));
    assertEquals("cosine", cosine.schedule(), "the schedule defaults to the entry's name");
    assertEquals("sgd", cosine.optimizerFor(plan.tasks().get(0)), "the task's optimizer unless the entry names one");

    ServedEntry learn = assertInstanceOf(ServedEntry.class, plan.schedules().get(2));
    assertEquals(LearnerMode.LEARN, learn.mode());
    assertEquals("q-digits-mlp", learn.learnerFor("digits-mlp"));
    assertEquals(Optional.of("default"), learn.forkSourceFor("digits-mlp"));
    ServedEntry frozen = assertInstanceOf(ServedEntry.class, plan.schedules().get(3));
    assertEquals(LearnerMode.FROZEN, frozen.mode(), "FROZEN unless said otherwise");
    assertFalse(frozen.learns());
    assertEquals(2, ExperimentRunner.tuningBudget(plan), "the largest baseline grid");
  }

  @Test
  void settingsOfTheOtherKindAreErrorsNotIgnored() {
    IOException modeOnBaseline = assertThrows(IOException.class,
        () -> read("{\"name\": \"fixed\", \"mode\": \"LEARN\", \"grid\": [{\"lr\": 0.1}]}"));
    assertTrue(modeOnBaseline.getMessage().contains("mode"), modeOnBaseline.getMessage());
    IOException gridOnServed = assertThrows(IOException.class,
        () -> read("{\"name\": \"m\", \"learner\": \"default\", \"grid\": [{\"lr\": 0.1}]}"));
    assertTrue(gridOnServed.getMessage().contains("grid"), gridOnServed.getMessage());
  }

  @Test
  void unknownSchedulesAndModesAreNamed() {
    IOException schedule = assertThrows(IOException.class, () -> read("{\"name\": \"warmup-cosine\"}"));
    assertTrue(schedule.getMessage().contains("unknown schedule 'warmup-cosine'"), schedule.getMessage());
    IOException mode = assertThrows(IOException.class,
        () -> read("{\"name\": \"m\", \"learner\": \"default\", \"mode\": \"TRAIN\"}"));
    assertTrue(mode.getMessage().contains("TRAIN"), mode.getMessage());
  }

  @Test
  void theBuiltInPresetsParse() throws IOException {
    for (String preset : List.of("quick", "study")) {
      ExperimentPlan.Study study = ExperimentPlan.preset(preset);
      assertFalse(study.experiments().isEmpty(), preset);
      assertTrue(study.experiments().stream().flatMap(e -> e.schedules().stream())
          .anyMatch(e -> e instanceof ServedEntry s && s.learns()), preset + " has a LEARN entry");
    }
  }
}
