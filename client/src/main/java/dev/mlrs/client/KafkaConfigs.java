package dev.mlrs.client;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The client's Kafka configurations: our defaults, then the user's extra properties, then the few
 * settings the protocol depends on (which the user cannot override).
 */
final class KafkaConfigs {

  private KafkaConfigs() {
  }

  static Map<String, Object> producer(ClientSettings settings, JobOptions options) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "mlrs-client-" + options.jobId() + "-producer");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0); // one report per step: send at once
    config.putAll(settings.producerProperties());
    // After attach the metadata is cached, so send() does not block; when it must (the broker is gone), it may
    // block no longer than a reply may take, so report() keeps its documented timeout. A report that could not be
    // delivered within the first reply timeout is of no use any more: it expires then.
    long replyMillis = options.replyTimeout().toMillis();
    long lingerMillis = Long.parseLong(String.valueOf(config.get(ProducerConfig.LINGER_MS_CONFIG)));
    long requestMillis = Math.min(30_000, Math.max(replyMillis, options.firstReplyTimeout().toMillis()));
    // The producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
    long deliveryMillis = Math.max(options.firstReplyTimeout().toMillis(), lingerMillis + requestMillis);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, replyMillis);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestMillis);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, deliveryMillis));
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    // Idempotence keeps the per-job step order on retries; the agent relies on it.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG); // a transactional producer would need commits
    return config;
  }

  static Map<String, Object> consumer(ClientSettings settings, String jobId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "mlrs-client-" + jobId + "-consumer");
    // The broker answers a waiting fetch as soon as a reply is appended (or, under exactly-once, committed), so a
    // long wait costs no latency: measured 2.5 ms p50 at 500 ms as at 5 ms, exactly-once 30.9 against 28.9 ms.
    // A short one makes every idle job fetch 200 times a second (22 % more client CPU; BENCHMARKS.md, ADR 12).
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000); // bounds attach
    config.putAll(settings.consumerProperties());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    // Decisions are written in transactions: only committed ones are real.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Assigned partition, no group: nothing to commit.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }
}
