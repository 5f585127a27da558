package dev.mlrs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

class KafkaConfigsTest {

  @Test
  void realKafkaClientsAcceptTheConfigurations() {
    // Constructing Kafka clients needs no broker but validates every setting and its type.
    ClientSettings settings = ClientSettings.of("localhost:1").withKafkaProperty("producer.linger.ms", "1");
    JobOptions job = JobOptions.builder("j").gamma(0.5).initialFallbackLr(0.05).build();
    try (Producer<String, byte[]> producer = KafkaClientFactory.REAL.producer(KafkaConfigs.producer(settings, job));
         Consumer<String, byte[]> consumer = KafkaClientFactory.REAL.consumer(KafkaConfigs.consumer(settings, "j"))) {
      assertTrue(producer.metrics().size() > 0);
      assertTrue(consumer.assignment().isEmpty());
      producer.close(Duration.ZERO);
    }
  }

  @Test
  void theProducerBlocksNoLongerThanAReplyMayTake() {
    JobOptions job = JobOptions.builder("j").gamma(0.5).initialFallbackLr(0.05).replyTimeout(Duration.ofSeconds(5))
        .build();
    ClientSettings settings = ClientSettings.of("localhost:1").withKafkaProperty("producer.max.block.ms", "60000");
    var config = KafkaConfigs.producer(settings, job);
    assertEquals(5000L, ((Number) config.get("max.block.ms")).longValue());
    long delivery = ((Number) config.get("delivery.timeout.ms")).longValue();
    long request = ((Number) config.get("request.timeout.ms")).longValue();
    assertEquals(job.firstReplyTimeout().toMillis(), delivery);
    assertTrue(delivery >= request, "the producer requires delivery.timeout.ms >= linger.ms + request.timeout.ms");
  }

  @Test
  void aSecuredConnectionReachesTheProducerTheConsumerAndBackOut() {
    KafkaConnection cluster = KafkaConnection.from("broker:9093", Map.of("security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "x required;", "ssl.truststore.location", "/t.p12"));
    ClientSettings settings = ClientSettings.of(cluster).withKafkaProperty("linger.ms", "0");
    JobOptions job = JobOptions.builder("j").gamma(0.5).initialFallbackLr(0.05).build();
    for (Map<String, Object> config : List.of(KafkaConfigs.producer(settings, job), KafkaConfigs.consumer(settings,
        "j"))) {
      cluster.clientConfig().forEach((key, value) -> assertEquals(value, config.get(key), key));
    }
    assertEquals(cluster, settings.connection());
  }

  @Test
  void fallbackWarningsAreRateLimited() {
    List<Long> warned = LongStream.rangeClosed(1, 350).filter(LrClient::warnsAt).boxed().toList();
    assertEquals(List.of(1L, 100L, 200L, 300L), warned);
    assertFalse(LrClient.warnsAt(2));
  }
}
