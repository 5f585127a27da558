package dev.mlrs.sim.bench;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.agent.app.TopicSetup;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.time.Duration;
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
 * first, then the agent starts and the clock runs until every decision is committed on lr.
 */
final class ThroughputBenchmark {
  private ThroughputBenchmark() {
  }

  static double reportsPerSecond(AgentSettings settings, int jobs, int steps) throws Exception {
    TopicSetup.ensure(settings);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
      for (int t = 0; t < steps; t++) {
        for (int j = 0; j < jobs; j++) {
          String job = "load-" + j;
          StepReport report = StepReport.newBuilder().setJob(job).setStep(t).setLoss(2.3 - 1e-3 * t).setLearner("default")
              .setMode(LearnerMode.FROZEN).setNumClasses(10).setReferenceLoss(2.3).build();
          producer.send(new ProducerRecord<>(settings.topics().steps(), job, MlrsSerdes.STEP_REPORT.encode(report)));
        }
      }
    }
    long expected = (long) jobs * steps;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(settings.topics().lr()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long seen = 0;
      try (MlrsAgent agent = MlrsAgent.start(settings, Duration.ofMinutes(2))) {
        long start = System.nanoTime();
        long deadline = start + Duration.ofMinutes(5).toNanos();
        while (seen < expected) {
          seen += consumer.poll(Duration.ofMillis(100)).count();
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("only " + seen + " of " + expected + " decisions after 5 minutes");
          }
        }
        return expected / ((System.nanoTime() - start) / 1e9);
      }
    }
  }
}
