package dev.mlrs.agent.app;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.live.LiveQueries;
import dev.mlrs.agent.metrics.AgentMetrics;
import dev.mlrs.agent.topology.AgentTopology;
import dev.mlrs.agent.web.WebServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.CloseOptions;
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
  private final AgentMetrics metrics;
  private final WebServer web;
  private final ScheduledExecutorService gauges;

  private MlrsAgent(AgentSettings settings, KafkaStreams streams, AgentHealth health, AgentMetrics metrics,
                    WebServer web) {
    this.settings = settings;
    this.streams = streams;
    this.health = health;
    this.metrics = metrics;
    this.web = web;
    this.gauges = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mlrs-learner-gauges");
      t.setDaemon(true);
      return t;
    });
    // The learner gauges follow the global learner store (every instance has all learners).
    LiveQueries queries = new LiveQueries(streams);
    gauges.scheduleWithFixedDelay(() -> {
      try {
        metrics.learners(queries.learnerParams());
      } catch (RuntimeException e) {
        LOG.debug("learner gauges not refreshed: {}", e.getMessage());
      }
    }, 0, 5, TimeUnit.SECONDS);
  }

  /** Starts an instance and waits until it is running (or fails with the reason). */
  public static MlrsAgent start(AgentSettings settings, Duration timeout) {
    TopicSetup.ensure(settings);
    // The same login as Kafka Streams: a learner administration from the bootstrap address alone was
    // disconnected by a SASL listener again and again, and the agent never started.
    try (LearnerAdmin admin = new LearnerAdmin(settings.connection(), settings.topics())) {
      admin.publishMissingShipped();
    }
    LearnerRegistry registry = new LearnerRegistry(settings.trainer().versionsKept());
    AgentMetrics metrics = AgentMetrics.forAgent();
    // Bound before the streams start: its address is this instance's application.server.
    WebServer web = settings.http().enabled() ? WebServer.start(settings.http(), metrics) : null;
    KafkaStreams streams;
    try {
      streams = new KafkaStreams(AgentTopology.build(settings.topics(), settings.trainer(), registry, metrics),
          StreamsSettings.of(settings));
    } catch (RuntimeException e) {
      closeQuietly(web, metrics);
      throw e;
    }
    metrics.bind(streams);
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
      closeQuietly(web, metrics);
      throw new IllegalStateException("interrupted while starting the agent", e);
    } catch (ExecutionException | TimeoutException e) {
      reached = streams.state();
    }
    if (reached != KafkaStreams.State.RUNNING) {
      health.closing();
      streams.close(Duration.ofSeconds(10));
      closeQuietly(web, metrics);
      throw new IllegalStateException("agent did not reach RUNNING within " + timeout + " (state " + reached + ")");
    }
    LOG.info("agent running on {} (topics {}*, exactly-once {}, commit every {} ms)", settings.bootstrapServers(),
        settings.topicPrefix(), settings.exactlyOnce(), settings.commitInterval().toMillis());
    if (web != null) {
      web.attach(streams);
      LOG.info("live view and metrics on {} (JSON under api/, Prometheus at metrics)", web.url());
    }
    return new MlrsAgent(settings, streams, health, metrics, web);
  }

  /**
   * Completes with a non-zero exit code ({@link AgentHealth#FAILED_EXIT_CODE}) when this instance can no longer go
   * on (state ERROR, or stopped without {@link #close}); a process running the agent should then exit with it.
   */
  public CompletableFuture<Integer> failure() {
    return health.failure();
  }

  private static void closeQuietly(WebServer web, AgentMetrics metrics) {
    if (web != null) {
      web.close();
    }
    metrics.close();
  }

  /** The live view's address, or null when the HTTP server is off. */
  public String url() {
    return web == null ? null : web.url();
  }

  /** This instance's meters (also on /metrics and JMX). */
  public AgentMetrics metrics() {
    return metrics;
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
    gauges.shutdownNow();
    if (web != null) {
      web.close();
    }
    // Leave the group now: without it the instance's partitions stay with it, unserved, until its session times
    // out (mlrs bench: round trips of up to 55 s for the jobs on them at Kafka's default 45 s session timeout).
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
    metrics.close();
  }
}
