package dev.mlrs.agent.app;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.topology.AgentTopology;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent instance: sets up topics, publishes the shipped learners on a deployment's first start,
 * runs the topology and stops cleanly. Start as many instances as you like with the same settings:
 * Kafka Streams spreads the job partitions over them.
 */
public final class MlrsAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MlrsAgent.class);

  private final AgentSettings settings;
  private final KafkaStreams streams;

  private MlrsAgent(AgentSettings settings, KafkaStreams streams) {
    this.settings = settings;
    this.streams = streams;
  }

  /** Starts an instance and waits until it is running (or fails with the reason). */
  public static MlrsAgent start(AgentSettings settings, Duration timeout) {
    TopicSetup.ensure(settings);
    try (LearnerAdmin admin = new LearnerAdmin(settings.bootstrapServers(), settings.topics())) {
      admin.publishMissingShipped();
    }
    LearnerRegistry registry = new LearnerRegistry(settings.trainer().versionsKept());
    KafkaStreams streams = new KafkaStreams(AgentTopology.build(settings.topics(), settings.trainer(), registry),
        StreamsSettings.of(settings));
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      LOG.info("agent state {} -> {}", before, now);
      if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
          || now == KafkaStreams.State.PENDING_SHUTDOWN) {
        running.countDown();
      }
    });
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("agent stream thread failed; shutting this instance down", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.start();
    try {
      if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || streams.state() != KafkaStreams.State.RUNNING) {
        KafkaStreams.State state = streams.state();
        streams.close(Duration.ofSeconds(10));
        throw new IllegalStateException("agent did not reach RUNNING within " + timeout + " (state " + state + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      streams.close(Duration.ofSeconds(10));
      throw new IllegalStateException("interrupted while starting the agent", e);
    }
    LOG.info("agent running on {} (topics {}*, exactly-once {}, commit every {} ms)", settings.bootstrapServers(),
        settings.topicPrefix(), settings.exactlyOnce(), settings.commitInterval().toMillis());
    return new MlrsAgent(settings, streams);
  }

  public AgentSettings settings() {
    return settings;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
