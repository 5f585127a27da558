package dev.mlrs.agent.app;

import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.KafkaConnection;
import dev.mlrs.schemas.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an agent instance needs to know. The Kafka Streams properties derived from it are made
 * in one place, {@link StreamsSettings}.
 *
 * @param bootstrapServers  the Kafka cluster
 * @param topicPrefix       put in front of every topic name and of the application id
 * @param applicationId     Kafka Streams application id (instances with the same id share the work)
 * @param stateDir          where RocksDB keeps per-job and meta-trainer state
 * @param exactlyOnce       exactly_once_v2, or at_least_once (default; serving and meta-training are idempotent,
 *                          docs/adr/0010-idempotent-serving-at-least-once.md)
 * @param commitInterval    how often results are committed: under exactly-once replies become visible then; under
 *                          at-least-once it bounds the steps a crash re-delivers
 * @param pollInterval      Kafka Streams poll.ms
 * @param streamThreads     stream threads of this instance
 * @param partitions        partitions of steps, validation, lr, meta-gradients and rejected when the agent creates them
 * @param replicationFactor replication factor of topics the agent creates (-1: the broker's default)
 * @param trainer           meta-trainer settings
 * @param extraStreamsProperties any further Kafka Streams / client property, applied last (e.g. security settings)
 * @param http              the live view and metrics server (off by default)
 */
public record AgentSettings(String bootstrapServers, String topicPrefix, String applicationId, Path stateDir,
                            boolean exactlyOnce, Duration commitInterval, Duration pollInterval, int streamThreads,
                            int partitions, short replicationFactor, MetaTrainerSettings trainer,
                            Map<String, String> extraStreamsProperties, HttpSettings http) {

  /** The Kafka Streams application id unless mlrs.application.id sets another (the topic prefix goes in front). */
  public static final String DEFAULT_APPLICATION_ID = "mlrs-agent";

  public AgentSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topicPrefix, "topicPrefix");
    Objects.requireNonNull(stateDir, "stateDir");
    if (partitions < 1 || streamThreads < 1) {
      throw new IllegalArgumentException("partitions and streamThreads must be at least 1");
    }
    extraStreamsProperties = Map.copyOf(extraStreamsProperties);
    Objects.requireNonNull(http, "http");
  }

  /**
   * Defaults measured on a 2-core machine (BENCHMARKS.md, ADR 10): at-least-once with idempotent serving, a 20 ms
   * commit interval (it keeps the steps a crash re-delivers within the job state's ring of 8 decisions).
   */
  public static AgentSettings defaults(String bootstrapServers, Path stateDir) {
    return new AgentSettings(bootstrapServers, "", DEFAULT_APPLICATION_ID, stateDir, false, Duration.ofMillis(20),
        Duration.ofMillis(10), 1, 4, (short) -1, MetaTrainerSettings.DEFAULTS, Map.of(),
        HttpSettings.OFF);
  }

  /**
   * The cluster and the security settings among {@link #extraStreamsProperties}: what every other client of the
   * agent (topic set-up, learner administration) connects with, so that it logs in as Kafka Streams does.
   */
  public KafkaConnection connection() {
    return KafkaConnection.from(bootstrapServers, extraStreamsProperties);
  }

  public TopicNames topics() {
    return TopicNames.withPrefix(topicPrefix);
  }

  public AgentSettings withTopicPrefix(String prefix) {
    return new AgentSettings(bootstrapServers, prefix, applicationId, stateDir, exactlyOnce, commitInterval,
        pollInterval, streamThreads, partitions, replicationFactor, trainer, extraStreamsProperties, http);
  }

  public AgentSettings withTrainer(MetaTrainerSettings settings) {
    return new AgentSettings(bootstrapServers, topicPrefix, applicationId, stateDir, exactlyOnce, commitInterval,
        pollInterval, streamThreads, partitions, replicationFactor, settings, extraStreamsProperties, http);
  }

  public AgentSettings withExactlyOnce(boolean on) {
    return new AgentSettings(bootstrapServers, topicPrefix, applicationId, stateDir, on, commitInterval,
        pollInterval, streamThreads, partitions, replicationFactor, trainer, extraStreamsProperties, http);
  }

  public AgentSettings withCommitInterval(Duration interval) {
    return new AgentSettings(bootstrapServers, topicPrefix, applicationId, stateDir, exactlyOnce, interval,
        pollInterval, streamThreads, partitions, replicationFactor, trainer, extraStreamsProperties, http);
  }

  public AgentSettings withHttp(HttpSettings settings) {
    return new AgentSettings(bootstrapServers, topicPrefix, applicationId, stateDir, exactlyOnce, commitInterval,
        pollInterval, streamThreads, partitions, replicationFactor, trainer, extraStreamsProperties, settings);
  }

  public AgentSettings withPartitions(int count) {
    return new AgentSettings(bootstrapServers, topicPrefix, applicationId, stateDir, exactlyOnce, commitInterval,
        pollInterval, streamThreads, count, replicationFactor, trainer, extraStreamsProperties, http);
  }

  public AgentSettings withStateDir(Path dir) {
    return new AgentSettings(bootstrapServers, topicPrefix, applicationId, dir, exactlyOnce, commitInterval,
        pollInterval, streamThreads, partitions, replicationFactor, trainer, extraStreamsProperties, http);
  }
}
