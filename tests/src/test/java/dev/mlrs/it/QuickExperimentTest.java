package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.experiments.ExperimentPlan;
import dev.mlrs.experiments.ExperimentRunner;
import dev.mlrs.experiments.report.ReportWriter;
import dev.mlrs.experiments.report.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quick preset (sklearn digits, every schedule, 3 seeds) through the real runner, agent and broker: the
 * CI smoke test of the experiment pipeline.
 */
class QuickExperimentTest {
  private static final String PREFIX = "it-quick.";
  private static KafkaTestBed kafka;

  @BeforeAll
  static void start() {
    kafka = KafkaTestBed.withAgent(PREFIX);
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyScheduleFinishesWithAFiniteLossAndTheLearnedScheduleLearns() throws Exception {
    ExperimentPlan plan = ExperimentPlan.preset("quick").experiments().get(0);
    Path out = KafkaTestBed.tempDir("quick-out");
    List<RunResult> results;
    try (LearnerAdmin admin = new LearnerAdmin(kafka.connection(), KafkaTestBed.topics(PREFIX))) {
      results = new ExperimentRunner(kafka.clientSettings(PREFIX), admin, "ci", System.out).run(plan,
          out.resolve("learners"));
    }

    // the runner returns the tuning and warm-up runs too (phase tune, on tuning seeds), then the evaluation runs
    assertTrue(results.stream().anyMatch(r -> !r.evaluation() && r.seed() >= plan.tuningSeed()), "tuning runs kept");
    Map<String, List<RunResult>> bySchedule = results.stream().filter(RunResult::evaluation)
        .collect(Collectors.groupingBy(RunResult::schedule));
    assertEquals(plan.schedules().size(), bySchedule.size(), "every schedule ran");
    for (Map.Entry<String, List<RunResult>> e : bySchedule.entrySet()) {
      assertEquals(3, e.getValue().size(), e.getKey() + " ran once per seed");
      for (RunResult r : e.getValue()) {
        assertFalse(r.diverged(), e.getKey() + " seed " + r.seed() + " diverged");
        assertTrue(Double.isFinite(r.finalTrainLoss()), e.getKey() + " seed " + r.seed()
            + " ended with a non-finite loss");
        assertTrue(r.testAccuracy() > 0.3, e.getKey() + " seed " + r.seed() + " did not learn: " + r.testAccuracy());
      }
    }
    // sklearn digits has 10 classes: chance is 10 %; the learned schedule must be far above it
    for (RunResult r : bySchedule.get("mlrsnet-learn")) {
      assertTrue(r.testAccuracy() > 0.8, "mlrsnet-learn seed " + r.seed() + ": test accuracy " + r.testAccuracy());
    }
    assertTrue(Files.exists(out.resolve("learners").resolve("quick-digits-mlp.json")), "the trained learner is saved");

    List<Path> files = ReportWriter.write(results, out.resolve("report"));
    assertTrue(files.stream().anyMatch(p -> p.getFileName().toString().equals("summary.md")));
    for (Path png : files.stream().filter(p -> p.toString().endsWith(".png")).toList()) {
      assertTrue(ImageIO.read(png.toFile()).getWidth() > 0, png + " is a readable image");
    }
  }
}
