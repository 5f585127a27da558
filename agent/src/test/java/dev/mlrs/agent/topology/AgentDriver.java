package dev.mlrs.agent.topology;

import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.metrics.AgentMetrics;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.EsFitness;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.Rejected;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.ValidationReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around {@link AgentTopology#build} with typed access to every topic. */
final class AgentDriver implements AutoCloseable {
  static final TopicNames TOPICS = TopicNames.DEFAULT;

  final TopologyTestDriver driver;
  final TestInputTopic<String, byte[]> steps;
  final TestInputTopic<String, byte[]> validation;
  final TestInputTopic<String, byte[]> runResults;
  final TestInputTopic<String, byte[]> metaGradientsIn;
  final TestInputTopic<String, byte[]> esFitnessIn;
  final TestInputTopic<String, LearnerParams> metaParamsIn;
  final TestOutputTopic<String, LrDecision> lr;
  final TestOutputTopic<String, MetaGradient> metaGradients;
  final TestOutputTopic<String, LearnerParams> metaParams;
  final TestOutputTopic<String, EsFitness> esFitness;
  final TestOutputTopic<String, LearnerParams> learnerHistory;
  final TestOutputTopic<byte[], Rejected> rejected;

  AgentDriver(MetaTrainerSettings settings) {
    this(settings, AgentMetrics.inMemory());
  }

  AgentDriver(MetaTrainerSettings settings, AgentMetrics metrics) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "agent-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    try {
      Path dir = Files.createTempDirectory("agent-driver");
      dir.toFile().deleteOnExit();
      props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    driver = new TopologyTestDriver(AgentTopology.build(TOPICS, settings,
        new LearnerRegistry(settings.versionsKept()), metrics), props);
    StringSerializer keys = new StringSerializer();
    ByteArraySerializer raw = new ByteArraySerializer();
    steps = driver.createInputTopic(TOPICS.steps(), keys, raw);
    validation = driver.createInputTopic(TOPICS.validation(), keys, raw);
    runResults = driver.createInputTopic(TOPICS.runResults(), keys, raw);
    metaGradientsIn = driver.createInputTopic(TOPICS.metaGradients(), keys, raw);
    esFitnessIn = driver.createInputTopic(AgentTopics.esFitness(TOPICS), keys, raw);
    metaParamsIn = driver.createInputTopic(TOPICS.metaParams(), keys, MlrsSerdes.LEARNER_PARAMS);
    lr = driver.createOutputTopic(TOPICS.lr(), new StringDeserializer(), MlrsSerdes.LR_DECISION);
    metaGradients = driver.createOutputTopic(TOPICS.metaGradients(), new StringDeserializer(),
        MlrsSerdes.META_GRADIENT);
    metaParams = driver.createOutputTopic(TOPICS.metaParams(), new StringDeserializer(), MlrsSerdes.LEARNER_PARAMS);
    esFitness = driver.createOutputTopic(AgentTopics.esFitness(TOPICS), new StringDeserializer(),
        MlrsSerdes.ES_FITNESS);
    learnerHistory = driver.createOutputTopic(TOPICS.learnerHistory(), new StringDeserializer(),
        MlrsSerdes.LEARNER_PARAMS);
    rejected = driver.createOutputTopic(TOPICS.rejected(), new ByteArrayDeserializer(), MlrsSerdes.REJECTED);
  }

  void publish(LearnerParams params) {
    metaParamsIn.pipeInput(params.getName(), params);
  }

  void step(StepReport report) {
    steps.pipeInput(report.getJob(), MlrsSerdes.STEP_REPORT.encode(report));
  }

  void validate(ValidationReport report) {
    validation.pipeInput(report.getJob(), MlrsSerdes.VALIDATION_REPORT.encode(report));
  }

  void runResult(RunResult result) {
    runResults.pipeInput(result.getJob(), MlrsSerdes.RUN_RESULT.encode(result));
  }

  void fitness(EsFitness fitness) {
    esFitnessIn.pipeInput(fitness.getLearner(), MlrsSerdes.ES_FITNESS.encode(fitness));
  }

  void gradient(MetaGradient gradient) {
    metaGradientsIn.pipeInput(gradient.getLearner(), MlrsSerdes.META_GRADIENT.encode(gradient));
  }

  void advanceWallClock(Duration by) {
    driver.advanceWallClockTime(by);
  }

  static String text(java.nio.ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return new String(out, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    driver.close();
  }
}
