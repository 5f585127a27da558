package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.math.LrScale;
import dev.mlrs.agent.topology.OfflineCell;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.serde.MlrsSerdes;
import dev.mlrs.sim.job.JobResult;
import dev.mlrs.sim.job.JobSpec;
import dev.mlrs.sim.job.StepRecord;
import dev.mlrs.sim.job.TrainingJob;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The foundation end to end: a real broker, the agent and a real DL4J job on Fashion-MNIST for 240 steps.
 * Every LR the job trained with must equal the MLR-SNet cell computed offline on the same loss sequence
 * (documented semantics: zero state at step 0, state kept in float32 between steps).
 */
class ServedLrMatchesOfflineCellTest {
  private static final String PREFIX = "it-offline.";
  private static final TopicNames TOPICS = KafkaTestBed.topics(PREFIX);
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
  void everyServedLrEqualsTheCellComputedOfflineOnTheSameLosses() {
    JobSpec spec = JobSpec.defaults("it-frozen-job").withSteps(240).withTask("fashion-mnist", "mlp", 32, 6000)
        .withLearner(LearnerFactory.MLRSNET_PAPER, LearnerMode.FROZEN);
    JobResult result = TrainingJob.run(spec, kafka.clientSettings(PREFIX), record -> { });

    List<StepRecord> steps = result.steps();
    assertEquals(240, steps.size());
    assertEquals(0, result.fallbacks(), "every step must have been served by the agent: " + result.clientStats());

    Learner learner = Learner.of(LearnerFactory.paper(0L));
    OfflineCell offline = new OfflineCell(learner.shape());
    double gamma = LrScale.gamma(result.referenceLoss(), 10);
    double worst = 0;
    for (StepRecord step : steps) {
      double expected = Math.min(1.0, gamma * offline.step(learner.weights(0), step.loss()));
      assertEquals(expected, step.lr(), 1e-12, "step " + step.step());
      assertEquals(1, step.learnerVersion());
      worst = Math.max(worst, Math.abs(expected - step.lr()));
    }
    System.out.printf("240 served LRs equal the offline cell (largest difference %.1e); test accuracy %.3f%n",
        worst, result.testAccuracy());
    assertTrue(result.testAccuracy() > 0.3, "the job must really have trained (chance is 0.1): "
        + result.testAccuracy());

    // The topic keeps the record: the job's decisions can be read back (replay) and agree with what it got.
    List<ConsumerRecord<String, LrDecision>> decisions =
        kafka.readAll(TOPICS.lr(), MlrsSerdes.LR_DECISION).stream().filter(r -> r.key().equals(spec.jobId())).toList();
    assertEquals(240, decisions.size());
    for (int i = 0; i < decisions.size(); i++) {
      LrDecision d = decisions.get(i).value();
      assertEquals(DecisionStatus.OK, d.getStatus());
      assertEquals(steps.get(i).lr(), d.getLr(), 0.0);
    }
  }
}
