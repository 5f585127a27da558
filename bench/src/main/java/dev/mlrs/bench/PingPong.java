package dev.mlrs.bench;

import dev.mlrs.agent.app.TopicSetup;
import dev.mlrs.schemas.KafkaConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor any Kafka request/reply service sits on: a plain consumer-to-producer echo (no Streams, no
 * transactions) between two topics, with the client settings the mlrs client uses (linger 0, acks all,
 * idempotent, fetch.max.wait 5 ms).
 */
final class PingPong {
  /**
   * Round trips not measured. The first setup measured pays for the broker's and the clients' JIT: with 20
   * warm-up round trips the same ping-pong measured 12.5 ms p50 first and 6.8 ms after five other runs.
   */
  static final int WARM_UP = 300;

  private PingPong() {
  }

  static double[] roundTripsMillis(KafkaConnection cluster, String prefix, int count) throws Exception {
    String ping = prefix + "ping";
    String pong = prefix + "pong";
    try (Admin a = Admin.create(cluster.clientConfig())) {
      a.createTopics(List.of(new NewTopic(ping, 1, (short) -1), new NewTopic(pong, 1, (short) -1)))
          .all().get(30, TimeUnit.SECONDS);
      TopicSetup.awaitLeaders(a, List.of(ping, pong));   // its producers are idempotent: see awaitLeaders
    }
    AtomicBoolean running = new AtomicBoolean(true);
    Thread echo = new Thread(() -> echo(cluster, ping, pong, running), "ping-pong-echo");
    echo.start();
    double[] rtt = new double[count];
    try (KafkaProducer<byte[], byte[]> producer = producer(cluster);
         KafkaConsumer<byte[], byte[]> consumer = consumer(cluster, pong)) {
      for (int i = -WARM_UP; i < count; i++) {
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(ping, new byte[] {1}, new byte[64]));
        while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
          // wait for the echo
        }
        if (i >= 0) {
          rtt[i] = (System.nanoTime() - start) / 1e6;
        }
      }
    } finally {
      running.set(false);
      echo.join();
    }
    return rtt;
  }

  private static void echo(KafkaConnection cluster, String from, String to, AtomicBoolean running) {
    try (KafkaProducer<byte[], byte[]> producer = producer(cluster);
         KafkaConsumer<byte[], byte[]> consumer = consumer(cluster, from)) {
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
          producer.send(new ProducerRecord<>(to, r.key(), r.value()));
        }
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(KafkaConnection cluster) {
    Map<String, Object> config = new HashMap<>(cluster.clientConfig());
    config.putAll(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(KafkaConnection cluster, String topic) {
    Map<String, Object> config = new HashMap<>(cluster.clientConfig());
    config.putAll(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    TopicPartition tp = new TopicPartition(topic, 0);
    consumer.assign(List.of(tp));
    consumer.seekToEnd(List.of(tp));
    consumer.position(tp);
    return consumer;
  }
}
