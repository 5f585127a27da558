package dev.mlrs.agent.admin;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.LearnerFiles;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.KafkaConnection;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public way to manage learners (named, versioned meta-learner weights) on a cluster: list, create, fork,
 * import and export. Learners live on the compacted meta-params topic; every agent instance picks up what is
 * published here through its global store. The command line and the experiment runner use this class only,
 * never the agent's learner internals.
 */
public final class LearnerAdmin implements AutoCloseable {
  /** The learner LEARN jobs train by default: the released epoch-1 snapshot (docs/adr/0003-shipped-learners.md). */
  public static final String DEFAULT_LEARNER = LearnerFactory.DEFAULT;
  /** The reference's three-stage meta-test schedule (FROZEN). */
  /** The paper's released learner, trained online by the one-step objective (LEARN jobs). */
  public static final String PAPER_LEARNER = LearnerFactory.MLRSNET_PAPER;
  public static final String REFERENCE_THREE_STAGE = LearnerFactory.REFERENCE_THREE_STAGE;

  private static final Logger LOG = LoggerFactory.getLogger(LearnerAdmin.class);

  private final Properties clientProperties;
  private final TopicNames topics;
  private final KafkaProducer<String, LearnerParams> producer;

  /** The learners on {@code connection}'s cluster, logged in with its security settings. */
  public LearnerAdmin(KafkaConnection connection, TopicNames topics) {
    this(connection, topics, Map.of());
  }

  /**
   * @param kafkaSettings further Kafka client settings for both the producer and the consumer (timeouts etc.);
   *                      the connection's bootstrap address and security settings win over them
   */
  public LearnerAdmin(KafkaConnection connection, TopicNames topics, Map<String, String> kafkaSettings) {
    this.clientProperties = new Properties();
    clientProperties.putAll(kafkaSettings);
    clientProperties.putAll(connection.clientConfig());
    this.topics = topics;
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 << 20));
    this.producer = new KafkaProducer<>(p, new StringSerializer(), MlrsSerdes.LEARNER_PARAMS);
  }

  /** The latest version of every learner, by name. */
  public Map<String, LearnerParams> list() {
    return latest();
  }

  /** The latest version of {@code name}, if the cluster has it. */
  public Optional<LearnerParams> find(String name) {
    return Optional.ofNullable(latest().get(name));
  }

  /**
   * The latest version of {@code name}.
   *
   * @throws IllegalArgumentException when the cluster has no learner of that name
   */
  public LearnerParams get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "no learner '" + name + "' on this cluster (see: mlrs learners list)"));
  }

  /**
   * Creates a learner from scratch and publishes it as the next version of {@code name}: PyTorch-style random
   * weights with a zero output layer, so that it serves {@code initialOutput} times gamma until it learns.
   */
  public LearnerParams create(String name, long seed, double initialOutput) {
    return publishAsNextVersion(LearnerFactory.fromScratch(name, CellShape.REFERENCE, seed, initialOutput,
        System.currentTimeMillis()));
  }

  /**
   * Publishes one stage of the cluster's learner {@code base} grown into a learner trained by {@code objective}
   * as the next version of {@code name}: a zero progress column when {@code progressInput}, and {@code knots} zero
   * knots (0: no head), so that it serves what {@code base} serves until it is trained ({@link
   * LearnerFactory#grown}). {@code es}: the FLEET_ES settings (null: defaults; ignored by ONE_STEP).
   */
  public LearnerParams grow(String base, int stage, String name, boolean progressInput, int knots,
                            MetaObjective objective, EsSettings es) {
    LearnerFactory.checkName(name);
    return publishAsNextVersion(LearnerFactory.grown(get(base), stage, name, progressInput, knots, objective, es,
        System.currentTimeMillis()));
  }

  /** Publishes one stage of the cluster's learner {@code source} as the next version of {@code name}. */
  public LearnerParams fork(String source, int stage, String name) {
    return fork(get(source), stage, name);
  }

  /** Publishes one stage of {@code source} (from the cluster or a file) as the next version of {@code name}. */
  public LearnerParams fork(LearnerParams source, int stage, String name) {
    return publishAsNextVersion(LearnerFactory.fork(source, stage, name, System.currentTimeMillis()));
  }

  /**
   * Publishes a learner file (see {@link #export}) as the next version of its name, or of {@code rename} when
   * that is not null. The origin records the file.
   */
  public LearnerParams importFile(Path file, String rename) throws IOException {
    LearnerParams read = readFile(file);
    LearnerParams.Builder imported = LearnerParams.newBuilder(read)
        .setOrigin("imported from " + file.getFileName() + " (" + read.getOrigin() + ")")
        .setCreatedAtMillis(System.currentTimeMillis());
    if (rename != null) {
      LearnerFactory.checkName(rename);
      imported.setName(rename);
    }
    return publishAsNextVersion(imported.build());
  }

  /** Writes the latest version of {@code name} to {@code file} and returns it. */
  public LearnerParams export(String name, Path file) throws IOException {
    LearnerParams latest = get(name);
    LearnerFiles.write(latest, file);
    return latest;
  }

  /** Reads and checks a learner file (Avro JSON of LearnerParams); the message says what is wrong with a bad one. */
  public static LearnerParams readFile(Path file) throws IOException {
    return LearnerFiles.read(file);
  }

  private Map<String, LearnerParams> latest() {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
    Map<String, LearnerParams> latest = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topics.metaParams(), Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading " + topics.metaParams());
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() == null) {
            // The agents ignore tombstones (learners are never deleted); so does the admin, so that a tombstone
            // does not make the shipped learners look missing and get re-published at version 1.
            LOG.warn("ignoring a tombstone for '{}' at {}-{}@{}", record.key(), record.topic(), record.partition(),
                record.offset());
            continue;
          }
          try {
            LearnerParams params = MlrsSerdes.LEARNER_PARAMS.decode(record.value());
            Learner.of(params);
            LearnerParams known = latest.get(params.getName());
            if (params.getName().equals(record.key()) && (known == null || params.getVersion() > known.getVersion())) {
              latest.put(params.getName(), params);
            }
          } catch (RuntimeException e) {
            LOG.warn("skipping undecodable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                e.getMessage());
          }
        }
      }
    }
    return latest;
  }

  /** Publishes the shipped learners that meta-params does not have yet (first start of a deployment). */
  public List<String> publishMissingShipped() {
    Map<String, LearnerParams> existing = latest();
    List<String> published = new ArrayList<>();
    for (LearnerParams shipped : LearnerFactory.shipped(System.currentTimeMillis())) {
      if (!existing.containsKey(shipped.getName())) {
        publish(shipped);
        published.add(shipped.getName());
      }
    }
    if (!published.isEmpty()) {
      LOG.info("published shipped learner(s) {}", published);
    }
    return published;
  }

  /**
   * Publishes {@code params} as the next version of its name (version 1 for a new name): the version
   * in the record is replaced, since versions of a name must only grow.
   */
  public LearnerParams publishAsNextVersion(LearnerParams params) {
    LearnerParams current = latest().get(params.getName());
    long version = current == null ? 1 : current.getVersion() + 1;
    LearnerParams next = LearnerParams.newBuilder(params).setVersion(version).build();
    publish(next);
    return next;
  }

  public void publish(LearnerParams params) {
    Learner.of(params);   // refuse anything an agent could not use
    try {
      producer.send(new ProducerRecord<>(topics.metaParams(), params.getName(), params)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing " + params.getName(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot publish learner " + params.getName() + ": " + e.getMessage(), e);
    }
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
