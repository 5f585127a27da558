package dev.mlrs.agent.metrics;

import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The agent's own metrics (Micrometer): decisions by status, the time from a step record's timestamp to its
 * decision, dead letters by source and reason, meta-updates by objective, learner versions and ES progress,
 * jobs active on this instance; and the Kafka Streams client metrics. {@link #forAgent} publishes them to
 * Prometheus (scraped at /metrics) and to JMX (domain "mlrs").
 */
public final class AgentMetrics implements AutoCloseable {
  /** A job counts as active while it reported a step within this window. */
  static final Duration ACTIVE_WINDOW = Duration.ofSeconds(60);

  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final JmxMeterRegistry jmx;
  private final Timer latency;
  private final Counter okDecisions;
  private final Counter rejectedDecisions;
  private final RejectionReasons reasons = new RejectionReasons();
  private final Map<String, Long> lastStepMillis = new ConcurrentHashMap<>();
  private final Map<String, LearnerParams> learners = new ConcurrentHashMap<>();
  private KafkaStreamsMetrics streamsMetrics;

  private AgentMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, JmxMeterRegistry jmx) {
    this.registry = registry;
    this.prometheus = prometheus;
    this.jmx = jmx;
    this.latency = Timer.builder("mlrs.step.latency")
        .description("time from a step record's timestamp (set by the job) to the agent's decision")
        .publishPercentiles(0.5, 0.99)
        .publishPercentileHistogram()
        .register(registry);
    Gauge.builder("mlrs.jobs.active", this, AgentMetrics::activeJobs)
        .description("jobs that reported a step to this instance within the last " + ACTIVE_WINDOW.toSeconds() + " s")
        .register(registry);
    // Looked up once: a meter lookup per decision (builder, tags, registry map) cost more than the increment.
    this.okDecisions = decisions(true);
    this.rejectedDecisions = decisions(false);
  }

  /** Prometheus and JMX, as an agent instance runs them. */
  public static AgentMetrics forAgent() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JmxMeterRegistry jmx = new JmxMeterRegistry(new JmxConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public String domain() {
        return "mlrs";
      }
    }, Clock.SYSTEM);
    CompositeMeterRegistry composite = new CompositeMeterRegistry(Clock.SYSTEM);
    composite.add(prometheus);
    composite.add(jmx);
    return new AgentMetrics(composite, prometheus, jmx);
  }

  /** Kept in memory only: topology tests, and topologies built without an agent. */
  public static AgentMetrics inMemory() {
    return new AgentMetrics(new SimpleMeterRegistry(), null, null);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One decision of the step processor; latency is from the step record's timestamp, -1 when not known. */
  public void decision(String job, boolean ok, long latencyMillis) {
    (ok ? okDecisions : rejectedDecisions).increment();
    if (latencyMillis >= 0) {
      latency.record(Duration.ofMillis(latencyMillis));
    }
    if (job != null) {
      lastStepMillis.put(job, System.currentTimeMillis());
    }
  }

  /** A dead letter on its way to the rejected topic. */
  public void rejected(String sourceTopic, String reason) {
    Counter.builder("mlrs.rejected").description("records sent to the rejected topic, by source topic and reason")
        .tag("source", sourceTopic == null ? "unknown" : sourceTopic)
        .tag("reason", reasons.tag(reason))
        .register(registry).increment();
  }

  /** A new learner version published by a meta-trainer of this instance. */
  public void metaUpdate(MetaObjective objective) {
    Counter.builder("mlrs.meta.updates").description("meta-updates published by the trainers of this instance")
        .tag("objective", objective == null ? "unknown" : objective.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry).increment();
  }

  /** The learners as the global store holds them now: their versions and ES progress become gauges. */
  public void learners(Collection<LearnerParams> current) {
    for (LearnerParams p : current) {
      String name = p.getName().toString();
      if (learners.put(name, p) == null) {
        learnerGauge("mlrs.learner.version", name, "latest version of the learner", l -> l.getVersion());
        learnerGauge("mlrs.learner.gradients.applied", name, "meta-gradients applied over all versions",
            LearnerParams::getGradientsApplied);
        learnerGauge("mlrs.learner.es.generation", name, "ES generations completed (FLEET_ES learners)",
            l -> l.getEs() == null ? Double.NaN : l.getEs().getGeneration());
        learnerGauge("mlrs.learner.es.runs.used", name, "run results that entered ES updates (FLEET_ES learners)",
            l -> l.getEs() == null ? Double.NaN : l.getEs().getRunsUsed());
      }
    }
  }

  private void learnerGauge(String metric, String name, String description, ToDoubleFunction<LearnerParams> value) {
    Gauge.builder(metric, learners, m -> {
      LearnerParams p = m.get(name);
      return p == null ? Double.NaN : value.applyAsDouble(p);
    }).description(description).tag("learner", name).register(registry);
  }

  /** Binds the Kafka Streams client metrics (threads, tasks, stores, clients) to the registry. */
  public void bind(KafkaStreams streams) {
    streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
  }

  /** Jobs seen within {@link #ACTIVE_WINDOW}; forgets the others. */
  public double activeJobs() {
    long since = System.currentTimeMillis() - ACTIVE_WINDOW.toMillis();
    lastStepMillis.values().removeIf(t -> t < since);
    return lastStepMillis.size();
  }

  /** The Prometheus text format of every meter; empty when this registry has no Prometheus part. */
  public String scrape() {
    return prometheus == null ? "" : prometheus.scrape();
  }

  private Counter decisions(boolean ok) {
    return Counter.builder("mlrs.decisions").description("LR decisions made (replies sent to lr), by status")
        .tag("status", ok ? "ok" : "rejected").register(registry);
  }

  @Override
  public void close() {
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    if (jmx != null) {
      jmx.close();
    }
    registry.close();
  }
}
