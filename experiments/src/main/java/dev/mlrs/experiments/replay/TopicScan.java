package dev.mlrs.experiments.replay;

import dev.mlrs.schemas.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the committed records of one topic once, from a start (beginning, a time or an offset) to the end it
 * had when the scan began, without a consumer group: a replay must not move anyone's committed offsets.
 */
final class TopicScan {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, Object> consumerSettings;

  /** {@code kafkaSettings}: further client settings (timeouts etc.), applied after ours. */
  TopicScan(KafkaConnection cluster, Map<String, String> kafkaSettings) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
    p.putAll(kafkaSettings);
    p.putAll(cluster.clientConfig());
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumerSettings = p;
  }

  /**
   * The records of {@code topic} from {@code sinceMillis} (null: the beginning) and offset {@code fromOffset}
   * (null: no bound) up to offset {@code toOffset} (exclusive; null: the end when the scan began), in each
   * partition. A topic that does not exist has no records.
   */
  List<ConsumerRecord<String, byte[]>> read(String topic, Long sinceMillis, Long fromOffset, Long toOffset) {
    Properties p = new Properties();
    p.putAll(consumerSettings);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.listTopics(TIMEOUT).get(topic);
      if (infos == null) {
        return out;
      }
      List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, TIMEOUT));
      Map<TopicPartition, OffsetAndTimestamp> byTime = sinceMillis == null ? Map.of()
          : consumer.offsetsForTimes(timestamps(partitions, sinceMillis), TIMEOUT);
      for (TopicPartition tp : partitions) {
        long start = begin.get(tp);
        if (sinceMillis != null) {
          OffsetAndTimestamp at = byTime.get(tp);
          start = at == null ? end.get(tp) : Math.max(start, at.offset());
        }
        if (fromOffset != null) {
          start = Math.max(start, fromOffset);
        }
        if (toOffset != null) {
          end.put(tp, Math.min(end.get(tp), toOffset));
        }
        consumer.seek(tp, Math.min(start, end.get(tp)));
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading " + topic);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }

  private static Map<TopicPartition, Long> timestamps(List<TopicPartition> partitions, long millis) {
    Map<TopicPartition, Long> m = new HashMap<>();
    partitions.forEach(tp -> m.put(tp, millis));
    return m;
  }
}
