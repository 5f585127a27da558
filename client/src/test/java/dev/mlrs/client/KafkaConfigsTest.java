package dev.mlrs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

class KafkaConfigsTest {

  @Test
  void realKafkaClientsAcceptTheConfigurations() {
    // Constructing Kafka clients needs no broker but validates every setting and its type.
    ClientSettings settings = ClientSettings.of("localhost:1").withKafkaProperty("producer.linger.ms", "1");
    try (Producer<String, byte[]> producer = KafkaClientFactory.REAL.producer(KafkaConfigs.producer(settings, "j"));
         Consumer<String, byte[]> consumer = KafkaClientFactory.REAL.consumer(KafkaConfigs.consumer(settings, "j"))) {
      assertTrue(producer.metrics().size() > 0);
      assertTrue(consumer.assignment().isEmpty());
      producer.close(Duration.ZERO);
    }
  }

  @Test
  void fallbackWarningsAreRateLimited() {
    List<Long> warned = LongStream.rangeClosed(1, 350).filter(LrClient::warnsAt).boxed().toList();
    assertEquals(List.of(1L, 100L, 200L, 300L), warned);
    assertFalse(LrClient.warnsAt(2));
  }
}
