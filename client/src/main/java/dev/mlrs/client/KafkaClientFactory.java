package dev.mlrs.client;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Makes the client's Kafka producer and consumer from their configurations. The seam through which
 * tests give {@link LrClient} a MockProducer and MockConsumer instead of real clients.
 */
interface KafkaClientFactory {

  Producer<String, byte[]> producer(Map<String, Object> config);

  Consumer<String, byte[]> consumer(Map<String, Object> config);

  KafkaClientFactory REAL = new KafkaClientFactory() {
    @Override
    public Producer<String, byte[]> producer(Map<String, Object> config) {
      return new KafkaProducer<>(config);
    }

    @Override
    public Consumer<String, byte[]> consumer(Map<String, Object> config) {
      return new KafkaConsumer<>(config);
    }
  };
}
