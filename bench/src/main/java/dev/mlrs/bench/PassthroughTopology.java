package dev.mlrs.bench;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.StreamsSettings;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The throughput ceiling: a Kafka Streams application with the agent's configuration (guarantee, commit
 * interval, producer and consumer settings) that copies each step report's bytes to {@code lr} unchanged, with
 * no deserialisation, no state store and no changelog. What the agent serves below this is its own cost.
 */
final class PassthroughTopology implements AutoCloseable {
  private static final String SOURCE = "steps-source";
  private static final String SINK = "lr-sink";

  private final KafkaStreams streams;

  private PassthroughTopology(KafkaStreams streams) {
    this.streams = streams;
  }

  static Topology build(AgentSettings settings) {
    ByteArrayDeserializer bytes = new ByteArrayDeserializer();
    ByteArraySerializer out = new ByteArraySerializer();
    return new Topology()
        .addSource(SOURCE, bytes, bytes, settings.topics().steps())
        .addSink(SINK, settings.topics().lr(), out, out, SOURCE);
  }

  /** Starts it on the agent's topics and waits until it runs. */
  static PassthroughTopology start(AgentSettings settings, Duration timeout) throws InterruptedException {
    KafkaStreams streams = new KafkaStreams(build(settings), StreamsSettings.of(settings));
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    streams.start();
    if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      streams.close(Duration.ofSeconds(10));
      throw new IllegalStateException("passthrough did not reach RUNNING within " + timeout);
    }
    return new PassthroughTopology(streams);
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
