package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.sim.job.JobSpec;
import dev.mlrs.sim.job.TrainingJob;
import dev.mlrs.sim.job.UnknownLearnerException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A mistyped learner name is an error, at the command line and in the job itself, unless fallback is allowed. */
class UnknownLearnerTest {
  private static final String PREFIX = "it-unknown.";
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

  private static JobSpec job(String id, boolean allowFallback) {
    return new JobSpec(id, "digits", "mlp", "sgd", 0, 32, 5, 0, JobSpec.AUTO_VALIDATION, 1, "defualt",
        LearnerMode.FROZEN, 50, 0, 1, 0.05, allowFallback);
  }

  @Test
  void theCommandRefusesItBeforeAnyJobStartsNamingTheKnownLearners() {
    CliCapture run = CliCapture.run("train", "--bootstrap-servers", kafka.broker.bootstrapServers(),
        "--topic-prefix", PREFIX, "--learner", "defualt", "--dataset", "digits", "--steps", "5");
    assertEquals(1, run.status(), run.toString());
    assertTrue(run.err().contains(
        "unknown learner 'defualt'; the cluster has default, mlrsnet-paper, reference-3stage"), run.toString());
    assertFalse(run.out().contains("step "), "no job started:\n" + run);
  }

  @Test
  void aJobAskingTheAgentForAnUnknownLearnerFailsAtItsFirstStep() {
    UnknownLearnerException e = assertThrows(UnknownLearnerException.class,
        () -> TrainingJob.run(job("it-unknown-1", false), kafka.clientSettings(PREFIX), step -> { }));
    assertTrue(e.getMessage().contains("no learner 'defualt'"), e.getMessage());
    assertTrue(e.getMessage().contains("default") && e.getMessage().contains("reference-3stage"),
        "the agent's reply names the known learners: " + e.getMessage());
  }

  @Test
  void withFallbackAllowedTheJobTrainsOnTheFallbackLr() {
    var result = TrainingJob.run(job("it-unknown-2", true), kafka.clientSettings(PREFIX), step -> { });
    assertEquals(5, result.steps().size());
    assertTrue(result.steps().stream().allMatch(s -> s.fallback() && s.lr() == 0.05), "every step on 0.05");
  }
}
