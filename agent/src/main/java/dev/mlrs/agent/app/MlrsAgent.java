package dev.mlrs.agent.app;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.topology.AgentTopology;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
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
  private final AgentHealth health;

  private MlrsAgent(AgentSettings settings, KafkaStreams streams, AgentHealth health) {
    this.settings = settings;
    this.streams = streams;
    this.health = health;
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
    AgentHealth health = new AgentHealth();
    streams.setStateListener((now, before) -> {
      LOG.info("agent state {} -> {}", before, now);
      health.onChange(now, before);
    });
    streams.setUncaughtExceptionHandler(StreamFailurePolicy.standard());
    streams.start();
    KafkaStreams.State reached;
    try {
      reached = health.started().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      health.closing();
      streams.close(Duration.ofSeconds(10));
      throw new IllegalStateException("interrupted while starting the agent", e);
    } catch (ExecutionException | TimeoutException e) {
      reached = streams.state();
    }
    if (reached != KafkaStreams.State.RUNNING) {
      health.closing();
      streams.close(Duration.ofSeconds(10));
      throw new IllegalStateException("agent did not reach RUNNING within " + timeout + " (state " + reached + ")");
    }
    LOG.info("agent running on {} (topics {}*, exactly-once {}, commit every {} ms)", settings.bootstrapServers(),
        settings.topicPrefix(), settings.exactlyOnce(), settings.commitInterval().toMillis());
    return new MlrsAgent(settings, streams, health);
  }

  /**
   * Completes with a non-zero exit code ({@link AgentHealth#FAILED_EXIT_CODE}) when this instance can no longer go
   * on (state ERROR, or stopped without {@link #close}); a process running the agent should then exit with it.
   */
  public CompletableFuture<Integer> failure() {
    return health.failure();
  }

  public AgentSettings settings() {
    return settings;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public void close() {
    health.closing();
    streams.close(Duration.ofSeconds(30));
  }
}
