package dev.mlrs.it;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.broker.BrokerOptions;
import dev.mlrs.broker.EmbeddedKafkaBroker;
import dev.mlrs.client.ClientSettings;
import dev.mlrs.schemas.KafkaConnection;
import dev.mlrs.schemas.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A real broker (child JVM) and helpers to run agents against it and read topics back. */
final class KafkaTestBed implements AutoCloseable {
  /** Up to 3 minutes to start: a loaded 2-core CI machine has taken more than the default 60 s. */
  final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder()
      .startupTimeout(Duration.ofMinutes(3)).build());
  private final List<MlrsAgent> agents = new ArrayList<>();

  /** A broker with one agent running on the topics of {@code topicPrefix}: the set-up most tests share. */
  static KafkaTestBed withAgent(String topicPrefix) {
    KafkaTestBed kafka = new KafkaTestBed();
    kafka.startAgent(kafka.agentSettings(topicPrefix, tempDir("agent-state")));
    return kafka;
  }

  AgentSettings agentSettings(String topicPrefix, Path stateDir) {
    return AgentSettings.defaults(broker.bootstrapServers(), stateDir).withTopicPrefix(topicPrefix);
  }

  MlrsAgent startAgent(AgentSettings settings) {
    MlrsAgent agent = MlrsAgent.start(settings, Duration.ofMinutes(2));
    agents.add(agent);
    return agent;
  }

  /** The broker's PLAINTEXT listener, for the clients a test makes itself. */
  KafkaConnection connection() {
    return KafkaConnection.plaintext(broker.bootstrapServers());
  }

  ClientSettings clientSettings(String topicPrefix) {
    return ClientSettings.of(broker.bootstrapServers()).withTopicPrefix(topicPrefix);
  }

  static Path tempDir(String name) {
    try {
      return Files.createTempDirectory(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every committed record of a topic, read from the beginning to the current end. */
  <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> values) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      long deadline = System.currentTimeMillis() + 60_000;
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("timed out reading " + topic);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  void stopAgents() {
    agents.forEach(MlrsAgent::close);
    agents.clear();
  }

  @Override
  public void close() {
    stopAgents();
    broker.close();
  }

  static TopicNames topics(String prefix) {
    return TopicNames.withPrefix(prefix);
  }
}
