package dev.mlrs.bench;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.agent.app.TopicSetup;
import dev.mlrs.agent.topology.StoreNames;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Drain rate: a backlog of {@code jobs x steps} step reports is written first, then the application starts;
 * the clock runs from the first record committed on lr to the last. The same backlog is drained by the agent
 * and by a no-op passthrough with the agent's configuration (the ceiling), each on its own topics.
 */
final class ThroughputBenchmark {
  private static final Duration DRAIN_LIMIT = Duration.ofMinutes(10);

  private ThroughputBenchmark() {
  }

  /** What drains the backlog: the agent, or the passthrough. */
  interface Drainer {
    AutoCloseable start(AgentSettings settings) throws Exception;
  }

  static final Drainer AGENT = s -> MlrsAgent.start(s, Duration.ofMinutes(2));
  static final Drainer PASSTHROUGH = s -> PassthroughTopology.start(s, Duration.ofMinutes(2));

  /** A drain's steady rate. */
  static double reportsPerSecond(AgentSettings settings, int jobs, int steps, Drainer drainer) throws Exception {
    TopicSetup.ensure(settings);
    writeBacklog(settings, jobs, steps);
    long expected = (long) jobs * steps;
    try (KafkaConsumer<byte[], byte[]> consumer = BenchClients.lrReader(settings, true)) {
      long seen = 0;
      try (AutoCloseable running = drainer.start(settings)) {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
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
            throw new IllegalStateException("only " + seen + " of " + expected + " replies after " + DRAIN_LIMIT);
          }
        }
        // From the first reply to the last: the steady rate, without the start-up (task assignment, JIT).
        return (expected - firstBatch) / ((System.nanoTime() - first) / 1e9);
      }
    }
  }

  /**
   * The size of each job's state as the agent keeps it (the value of its last record on the job-state changelog,
   * Avro single-object encoding), read after a drain: median and largest, in bytes.
   */
  static long[] jobStateBytes(AgentSettings settings) {
    String changelog = settings.topicPrefix() + settings.applicationId() + "-" + StoreNames.JOB_STATE + "-changelog";
    Map<String, Object> config = new HashMap<>(settings.connection().clientConfig());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, Integer> last = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(changelog).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> last.put(r.key(), r.value() == null ? 0 : r.value().length));
      }
    }
    long[] sizes = last.values().stream().mapToLong(Integer::longValue).sorted().toArray();
    return sizes.length == 0 ? new long[] {0, 0} : new long[] {sizes[sizes.length / 2], sizes[sizes.length - 1]};
  }

  static void writeBacklog(AgentSettings settings, int jobs, int steps) {
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
  }
}
