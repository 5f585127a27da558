package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.math.LrScale;
import dev.mlrs.agent.topology.OfflineCell;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.ValidationReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real PyTorch job (clients/python/examples/train_digits.py: an MLP on scikit-learn's digits, plain SGD)
 * trains through the Python client against a real broker and the agent. Every LR it trained with must
 * equal the agent's cell computed offline on the losses it sent, so the Python client speaks the protocol
 * of docs/protocol.md exactly: encoding, partitions, reading replies. A LEARN job's validation reports must
 * reach the agent and become meta-gradients; run results must decode with the Java serde.
 *
 * <p>The FROZEN job runs first: the LEARN job's meta-gradients may publish a new version of the learner.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PyTorchJobTest {
  private static final String PREFIX = "it-python.";
  private static final TopicNames TOPICS = KafkaTestBed.topics(PREFIX);
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
  private static KafkaTestBed kafka;

  @BeforeAll
  static void start() {
    PythonEnvironment.requireOrSkip();
    kafka = KafkaTestBed.withAgent(PREFIX);
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** One row of the job's steps.csv. */
  record Step(long step, double loss, double lr, long learnerVersion, boolean fallback) {
  }

  @Test
  @Order(1)
  void everyLrThePyTorchJobTrainedWithEqualsTheOfflineCellOnTheLossesItSent() throws Exception {
    String job = "py-frozen-digits";
    Path out = runJob(job, "--steps", "200", "--run-result", "--learner", LearnerFactory.MLRSNET_PAPER);
    List<Step> steps = readSteps(out);
    Properties summary = readSummary(out);
    assertEquals(200, steps.size());
    assertEquals("0", summary.getProperty("fallbacks"), "every step must have been served by the agent");

    Learner learner = Learner.of(LearnerFactory.paper(0L));
    OfflineCell offline = new OfflineCell(learner.shape());
    double gamma = LrScale.gamma(Double.parseDouble(summary.getProperty("reference_loss")), 10);
    double lrMax = Double.parseDouble(summary.getProperty("lr_max"));
    double worst = 0;
    for (Step step : steps) {
      double expected = Math.min(lrMax, gamma * offline.step(learner.weights(0), step.loss()));
      assertFalse(step.fallback(), "step " + step.step());
      assertEquals(expected, step.lr(), 1e-12, "step " + step.step());
      assertEquals(1, step.learnerVersion());
      worst = Math.max(worst, Math.abs(expected - step.lr()));
    }
    double accuracy = Double.parseDouble(summary.getProperty("validation_accuracy"));
    System.out.printf("PyTorch job: 200 served LRs equal the offline cell (largest difference %.1e); "
        + "validation accuracy %.3f%n", worst, accuracy);
    assertTrue(accuracy > 0.5, "the job must really have trained (chance is 0.1): " + accuracy);

    // What the Python client wrote decodes with the Java serdes, on the partition the Java client would use.
    List<ConsumerRecord<String, StepReport>> reports =
        ofJob(kafka.readAll(TOPICS.steps(), MlrsSerdes.STEP_REPORT), job);
    assertEquals(200, reports.size());
    for (int i = 0; i < reports.size(); i++) {
      assertEquals(i, reports.get(i).value().getStep());
      assertEquals(steps.get(i).loss(), reports.get(i).value().getLoss(), 0.0);
    }
    List<ConsumerRecord<String, LrDecision>> decisions = ofJob(kafka.readAll(TOPICS.lr(), MlrsSerdes.LR_DECISION), job);
    assertEquals(200, decisions.size());
    assertEquals(1, decisions.stream().map(ConsumerRecord::partition).distinct().count());
    assertEquals(reports.get(0).partition(), decisions.get(0).partition(), "steps and replies share the partition");
    for (int i = 0; i < decisions.size(); i++) {
      assertEquals(DecisionStatus.OK, decisions.get(i).value().getStatus());
      assertEquals(steps.get(i).lr(), decisions.get(i).value().getLr(), 0.0);
    }
    List<ConsumerRecord<String, RunResult>> results =
        ofJob(kafka.readAll(TOPICS.runResults(), MlrsSerdes.RUN_RESULT), job);
    assertEquals(1, results.size());
    RunResult result = results.get(0).value();
    assertEquals(199, result.getLastStep());
    assertEquals(Double.parseDouble(summary.getProperty("validation_loss")), result.getValidationLoss(), 0.0);
    assertEquals(accuracy, result.getValidationAccuracy(), 0.0);
    assertFalse(result.getDiverged());
    assertEquals(reports.get(0).partition(), results.get(0).partition(), "run results are co-partitioned with steps");
  }

  @Test
  @Order(2)
  void aLearnJobsHypergradientsReachTheAgentAndBecomeMetaGradients() throws Exception {
    String job = "py-learn-digits";
    Path out = runJob(job, "--steps", "60", "--mode", "LEARN", "--validate-every", "10", "--learner",
        LearnerFactory.MLRSNET_PAPER);
    Properties summary = readSummary(out);
    assertEquals("0", summary.getProperty("fallbacks"));
    assertEquals("6", summary.getProperty("validations_sent"));

    List<ConsumerRecord<String, ValidationReport>> validations =
        ofJob(kafka.readAll(TOPICS.validation(), MlrsSerdes.VALIDATION_REPORT), job);
    assertEquals(List.of(9L, 19L, 29L, 39L, 49L, 59L), validations.stream().map(r -> r.value().getStep()).toList());
    for (ConsumerRecord<String, ValidationReport> validation : validations) {
      assertTrue(Double.isFinite(validation.value().getHypergradient()));
      assertTrue(validation.value().getValLoss() > 0);
    }
    List<ConsumerRecord<String, StepReport>> reports =
        ofJob(kafka.readAll(TOPICS.steps(), MlrsSerdes.STEP_REPORT), job);
    assertEquals(validations.get(0).partition(), reports.get(0).partition(), "validation is co-partitioned with steps");
    assertEquals(6, reports.stream().filter(r -> r.value().getValidate()).count());
    // Nothing of this job was rejected, and the agent turned its hypergradients into meta-gradients.
    assertEquals(0, ofJob(kafka.readAll(TOPICS.rejected(), new ByteArrayDeserializer()), job).size());
    long metaGradients = awaitMetaGradientsOf(job, 6);
    assertEquals(6, metaGradients, "one meta-gradient per validation report");
  }

  private static Path runJob(String job, String... extra) throws IOException {
    Path out = Files.createTempDirectory(job);
    List<String> args = new ArrayList<>(List.of("clients/python/examples/train_digits.py",
        "--bootstrap", kafka.broker.bootstrapServers(), "--topic-prefix", PREFIX, "--job-id", job,
        "--out", out.toString()));
    args.addAll(List.of(extra));
    ensureDigits();
    PythonEnvironment.Result result = PythonEnvironment.run(args, JOB_TIMEOUT, out.resolve("job.log"));
    System.out.println(tail(result.output(), 3));
    assertEquals(0, result.exitCode(), "the PyTorch job failed:\n" + tail(result.output(), 60));
    return out;
  }

  private static void ensureDigits() throws IOException {
    String data = System.getenv().getOrDefault("MLRS_DATA", PythonEnvironment.REPO.resolve("data").toString());
    if (Files.exists(Path.of(data, "sklearn", "digits.csv.gz"))) {
      return;
    }
    try {
      Process setup = new ProcessBuilder(PythonEnvironment.REPO.resolve("scripts/setup-data.sh").toString(), "digits")
          .directory(PythonEnvironment.REPO.toFile()).inheritIO().start();
      assertEquals(0, setup.waitFor(), "scripts/setup-data.sh digits failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long awaitMetaGradientsOf(String job, long expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    long count;
    do {
      count = kafka.readAll(TOPICS.metaGradients(), MlrsSerdes.META_GRADIENT).stream()
          .filter(r -> r.value().getJob().equals(job)).count();
      if (count >= expected) {
        return count;
      }
      Thread.sleep(500);
    } while (System.currentTimeMillis() < deadline);
    return count;
  }

  private static <V> List<ConsumerRecord<String, V>> ofJob(List<ConsumerRecord<String, V>> records, String job) {
    return records.stream().filter(r -> job.equals(r.key())).toList();
  }

  private static List<Step> readSteps(Path out) throws IOException {
    List<String> lines = Files.readAllLines(out.resolve("steps.csv"), StandardCharsets.UTF_8);
    assertEquals("step,loss,lr,learner_version,fallback", lines.get(0));
    List<Step> steps = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      steps.add(new Step(Long.parseLong(cells[0]), Double.parseDouble(cells[1]), Double.parseDouble(cells[2]),
          Long.parseLong(cells[3]), Boolean.parseBoolean(cells[4])));
    }
    return steps;
  }

  private static Properties readSummary(Path out) throws IOException {
    Properties summary = new Properties();
    try (Reader reader = Files.newBufferedReader(out.resolve("summary.properties"), StandardCharsets.UTF_8)) {
      summary.load(reader);
    }
    return summary;
  }

  private static String tail(String text, int lines) {
    String[] all = text.split("\n");
    return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
  }
}
