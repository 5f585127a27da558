package dev.mlrs.client;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of the lr topic that holds a job's decisions. The agent writes them keyed by job id
 * with Kafka's default partitioner, which for a keyed record is murmur2 of the key bytes.
 */
final class ReplyPartition {

  private ReplyPartition() {
  }

  static int of(String jobId, int numPartitions) {
    if (numPartitions < 1) {
      throw new IllegalArgumentException("numPartitions must be >= 1, got " + numPartitions);
    }
    byte[] key = jobId.getBytes(StandardCharsets.UTF_8); // what StringSerializer writes
    return Utils.toPositive(Utils.murmur2(key)) % numPartitions;
  }
}
