package dev.mlrs.agent.app;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * All Kafka Streams configuration of the agent, in one place. The latency-relevant choices
 * (docs/build-notes.md, "Kafka Streams as a request/reply service"):
 * <ul>
 *   <li>Kafka Streams raises the producer's linger.ms to 100; a reply must not wait for a batch: 0.</li>
 *   <li>Under exactly-once, replies become visible to read_committed jobs at commit: the commit interval
 *       (20 ms) and poll.ms (10 ms) set the round-trip floor (about 28 ms p50 measured). The default is
 *       at-least-once, whose replies do not wait for a commit; serving is idempotent (ADR 10).</li>
 * </ul>
 */
public final class StreamsSettings {

  private StreamsSettings() {
  }

  public static Properties of(AgentSettings s) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.topicPrefix() + s.applicationId());
    p.putAll(s.connection().clientConfig());   // bootstrap.servers and the security settings, as every client
    p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
        s.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(s.commitInterval().toMillis()));
    p.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(s.pollInterval().toMillis()));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(s.streamThreads()));
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(s.replicationFactor()));
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "0");
    // LearnerParams of multi-stage learners and the trainer's state (weights + Adam moments) are ~0.3 MB.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(4 << 20));
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "10");
    // An instance that dies without leaving the group keeps its partitions, unserved, until its session times
    // out; jobs fall back after 5 s. Kafka's 45 s default is too long for a request/reply service: 10 s
    // (heartbeats every 3 s). A clean shutdown leaves the group at once (MlrsAgent.close).
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "10000");
    // A job's state is small and every step reads it: no record cache between the processor and RocksDB.
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
    // No waiting for empty partitions of a task (steps, validation and run-results share one): the protocol
    // orders them already (a job sends a step's validation only after that step's reply, its run result after
    // its last reply). With idling on, Kafka Streams 4.4 formats log text for every empty partition on every
    // record (PartitionGroup.readyToProcess): 14 % of the stream thread's time in a JFR profile.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
    if (s.http().enabled()) {
      // Interactive queries: every instance learns which host:port owns which job partition.
      p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s.http().endpoint());
    }
    s.extraStreamsProperties().forEach(p::put);
    return p;
  }
}
