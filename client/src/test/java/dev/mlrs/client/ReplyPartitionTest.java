package dev.mlrs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class ReplyPartitionTest {

  @Test
  void matchesKafkasDefaultPartitionerForStringKeys() {
    Random random = new Random(42);
    List<String> fixed = List.of("a", "job-1", "cifar10-resnet18-run-3", "Jöb-ünïcode-✓", "", " ");
    for (int partitions : new int[] {1, 2, 3, 6, 12, 50, 101}) {
      for (String job : fixed) {
        assertEquals(kafka(job, partitions), ReplyPartition.of(job, partitions), job + " / " + partitions);
      }
      for (int i = 0; i < 2_000; i++) {
        String job = randomJobId(random);
        assertEquals(kafka(job, partitions), ReplyPartition.of(job, partitions), job + " / " + partitions);
      }
    }
  }

  @Test
  void spreadsJobsOverAllPartitions() {
    int[] counts = new int[6];
    for (int i = 0; i < 600; i++) {
      counts[ReplyPartition.of("job-" + i, 6)]++;
    }
    for (int count : counts) {
      assertEquals(100, count, 50);
    }
  }

  @Test
  void refusesZeroPartitions() {
    assertThrows(IllegalArgumentException.class, () -> ReplyPartition.of("job", 0));
  }

  private static int kafka(String key, int partitions) {
    return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
  }

  private static String randomJobId(Random random) {
    StringBuilder id = new StringBuilder();
    int length = 1 + random.nextInt(40);
    for (int i = 0; i < length; i++) {
      id.appendCodePoint(random.nextInt(10) == 0 ? 0x80 + random.nextInt(0x2000) : 0x21 + random.nextInt(0x5e));
    }
    return id.toString();
  }
}
