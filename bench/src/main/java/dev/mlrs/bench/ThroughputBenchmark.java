package dev.mlrs.bench;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.agent.app.TopicSetup;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Step reports per second one agent instance serves: a backlog of {@code jobs x steps} reports is written
 * first, then the agent starts; the clock runs from the first decision committed on lr to the last.
 */
final class ThroughputBenchmark {
  private ThroughputBenchmark() {
  }

  static double reportsPerSecond(AgentSettings settings, int jobs, int steps) throws Exception {
    TopicSetup.ensure(settings);
    // Not idempotent, one request in flight (order kept): an idempotent producer writing a backlog into fresh
    // partitions can stall for good when its first batch to a partition fails with a retriable error and a
    // later one succeeds (KAFKA-14359; seen here as endless OutOfOrderSequenceException on seq 0).
    Map<String, Object> producerConfig = new HashMap<>(settings.connection().clientConfig());
    producerConfig.putAll(Map.of(ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1));
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig,
        new StringSerializer(), new ByteArraySerializer())) {
      for (int t = 0; t < steps; t++) {
        for (int j = 0; j < jobs; j++) {
          String job = "load-" + j;
          StepReport report = StepReport.newBuilder().setJob(job).setStep(t).setLoss(2.3 - 1e-3 * t)
              .setLearner("default").setMode(LearnerMode.FROZEN).setNumClasses(10).setReferenceLoss(2.3).build();
          producer.send(new ProducerRecord<>(settings.topics().steps(), job, MlrsSerdes.STEP_REPORT.encode(report)));
        }
      }
    }
    long expected = (long) jobs * steps;
    Map<String, Object> consumerConfig = new HashMap<>(settings.connection().clientConfig());
    consumerConfig.putAll(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig,
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(settings.topics().lr()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long seen = 0;
      try (MlrsAgent agent = MlrsAgent.start(settings, Duration.ofMinutes(2))) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long first = 0;
        long firstBatch = 0;
        while (seen < expected) {
          int n = consumer.poll(Duration.ofMillis(100)).count();
          if (n > 0 && seen == 0) {
            first = System.nanoTime();
            firstBatch = n;
          }
          seen += n;
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("only " + seen + " of " + expected + " decisions after 5 minutes");
          }
        }
        // From the first decision to the last: the steady rate, without the agent's start-up (task assignment, JIT).
        return (expected - firstBatch) / ((System.nanoTime() - first) / 1e9);
      }
    }
  }
}
