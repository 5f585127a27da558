package dev.mlrs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.EsEnrolment;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.StepReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A job enrolled in fleet meta-training: the enrolment on every step, one RunResult at the end. */
class FleetEnrolmentTest {
  private static final String JOB = "es-run-1";
  private static final String PREFIX = "fleet.";
  private final List<LrClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(LrClient::close);
  }

  private static JobOptions.Builder enrolled() {
    return JobOptions.builder(JOB).learner("fleet").mode(LearnerMode.LEARN).numClasses(10).referenceLoss(2.3)
        .initialFallbackLr(0.05).es("mlp-digits", 17, EsSide.MINUS)
        .replyTimeout(Duration.ofSeconds(5)).firstReplyTimeout(Duration.ofSeconds(5));
  }

  private LrClient attach(FakeKafka kafka, JobOptions options) {
    LrClient client = LrClient.attach(ClientSettings.of("mock:9092").withTopicPrefix(PREFIX), options, kafka);
    clients.add(client);
    return client;
  }

  @Test
  void everyStepReportCarriesTheEnrolment() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    LrClient client = attach(kafka, enrolled().build());
    client.report(0, 2.3);
    client.report(1, 2.2);
    EsEnrolment expected = EsEnrolment.newBuilder().setTaskKey("mlp-digits").setSeed(17).setSide(EsSide.MINUS).build();
    for (StepReport report : kafka.stepReports) {
      assertEquals(expected, report.getEs());
    }
    assertEquals(2, kafka.stepReports.size());
  }

  @Test
  void jobsThatAreNotEnrolledSendNoEnrolment() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    LrClient client = attach(kafka, JobOptions.builder(JOB).numClasses(10).referenceLoss(2.3).initialFallbackLr(0.05)
        .build());
    client.report(0, 2.3);
    assertNull(kafka.stepReports.get(0).getEs());
    assertThrows(IllegalStateException.class, () -> client.reportRunResult(0.5, 0.9, false));
    assertTrue(kafka.runResults.isEmpty());
  }

  @Test
  void theRunResultGoesToRunResultsKeyedByJobWithTheLastStep() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    LrClient client = attach(kafka, enrolled().build());
    for (int t = 0; t < 5; t++) {
      client.report(t, 2.3 - 0.1 * t);
    }
    client.reportRunResult(0.71, 0.83, false);
    RunResult result = kafka.runResults.get(0);
    assertEquals(JOB, result.getJob());
    assertEquals(4, result.getLastStep());
    assertEquals(0.71, result.getValidationLoss(), 0.0);
    assertEquals(0.83, result.getValidationAccuracy(), 0.0);
    assertFalse(result.getDiverged());
    ProducerRecord<String, byte[]> sent = kafka.sent.get(kafka.sent.size() - 1);
    assertEquals(PREFIX + "run-results", sent.topic());
    assertEquals(JOB, sent.key());
  }

  @Test
  void aDivergedRunMaySendANonFiniteLossWithoutAccuracy() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    LrClient client = attach(kafka, enrolled().build());
    client.report(0, 2.3);
    client.reportRunResult(Double.NaN, null, true);
    RunResult result = kafka.runResults.get(0);
    assertTrue(Double.isNaN(result.getValidationLoss()));
    assertNull(result.getValidationAccuracy());
    assertTrue(result.getDiverged());
  }

  @Test
  void callerErrorsThrowAndSendNothing() {
    FakeKafka kafka = new FakeKafka(PREFIX, 3);
    LrClient client = attach(kafka, enrolled().build());
    IllegalStateException early = assertThrows(IllegalStateException.class,
        () -> client.reportRunResult(0.5, null, false));
    assertTrue(early.getMessage().contains("no step"), early.getMessage());
    client.report(0, 2.3);
    assertThrows(IllegalArgumentException.class, () -> client.reportRunResult(-0.1, null, false));
    assertThrows(IllegalArgumentException.class, () -> client.reportRunResult(0.5, 1.5, false));
    assertTrue(kafka.runResults.isEmpty());
    client.reportRunResult(0.5, null, false);
    IllegalStateException twice = assertThrows(IllegalStateException.class,
        () -> client.reportRunResult(0.4, null, false));
    assertTrue(twice.getMessage().contains("already"), twice.getMessage());
    assertEquals(1, kafka.runResults.size());
    client.close();
    assertThrows(IllegalStateException.class, () -> client.reportRunResult(0.4, null, false));
  }

  @Test
  void enrolmentIsCheckedWhenTheOptionsAreBuilt() {
    assertThrows(IllegalArgumentException.class, () -> enrolled().mode(LearnerMode.FROZEN).build());
    assertThrows(IllegalArgumentException.class, () -> enrolled().es(" ", 1, EsSide.PLUS).build());
    IllegalArgumentException noClasses = assertThrows(IllegalArgumentException.class,
        () -> enrolled().gamma(0.5).numClasses(0).build());
    assertTrue(noClasses.getMessage().contains("numClasses"), noClasses.getMessage());
    assertThrows(NullPointerException.class, () -> enrolled().es("t", 1, null));
    JobOptions ok = enrolled().gamma(0.5).build();
    assertTrue(ok.enrolled());
    assertEquals("mlp-digits", ok.esEnrolment().getTaskKey());
    assertTrue(ok.toString().contains("es=mlp-digits#17/MINUS"), ok.toString());
  }
}
