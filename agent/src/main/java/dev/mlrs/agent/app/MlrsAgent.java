package dev.mlrs.agent.app;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.live.LiveQueries;
import dev.mlrs.agent.metrics.AgentMetrics;
import dev.mlrs.agent.topology.AgentTopology;
import dev.mlrs.agent.web.WebServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
  private final AgentMetrics metrics;
  private final WebServer web;
  private final ScheduledExecutorService gauges;

  private MlrsAgent(AgentSettings settings, KafkaStreams streams, AgentMetrics metrics, WebServer web) {
    this.settings = settings;
    this.streams = streams;
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
    try (LearnerAdmin admin = new LearnerAdmin(settings.bootstrapServers(), settings.topics())) {
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
        closeQuietly(web, metrics);
        throw new IllegalStateException("agent did not reach RUNNING within " + timeout + " (state " + state + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      streams.close(Duration.ofSeconds(10));
      closeQuietly(web, metrics);
      throw new IllegalStateException("interrupted while starting the agent", e);
    }
    LOG.info("agent running on {} (topics {}*, exactly-once {}, commit every {} ms)", settings.bootstrapServers(),
        settings.topicPrefix(), settings.exactlyOnce(), settings.commitInterval().toMillis());
    if (web != null) {
      web.attach(streams);
      LOG.info("live view and metrics on {} (JSON under api/, Prometheus at metrics)", web.url());
    }
    return new MlrsAgent(settings, streams, metrics, web);
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
    gauges.shutdownNow();
    if (web != null) {
      web.close();
    }
    streams.close(Duration.ofSeconds(30));
    metrics.close();
  }
}
