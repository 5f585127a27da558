package dev.mlrs.bench;

import dev.mlrs.agent.app.AgentSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients the benchmarks play the jobs with: a step-report producer and a reader of all of lr. */
final class BenchClients {
  private BenchClients() {
  }

  /** Sends as a job's client does: at once, acks from all replicas (a job's order is kept by its partition). */
  static KafkaProducer<String, byte[]> jobProducer(AgentSettings settings) {
    Map<String, Object> config = new HashMap<>(settings.connection().clientConfig());
    config.putAll(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "all"));
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Reads every partition of lr (committed records only), from the beginning or from its end as of now (resolved
   * before this returns, so that no reply sent afterwards is missed).
   */
  static KafkaConsumer<byte[], byte[]> lrReader(AgentSettings settings, boolean fromBeginning) {
    Map<String, Object> config = new HashMap<>(settings.connection().clientConfig());
    config.putAll(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(settings.topics().lr()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
    }
    return consumer;
  }
}
