package dev.mlrs.client;

import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.ValidationReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A MockProducer and MockConsumer wired to a fake agent: every StepReport the client sends is
 * answered by {@link #answer} (null = no answer), written like the real agent would (keyed by job id,
 * on the partition Kafka's own partitioner picks). Also records the configs the client asked for.
 */
final class FakeKafka implements KafkaClientFactory {

  final TopicNames topics;
  final int lrPartitions;
  final AgentFacingProducer producer = new AgentFacingProducer();
  final QuietConsumer consumer = new QuietConsumer();
  final List<StepReport> stepReports = new CopyOnWriteArrayList<>();
  final List<ValidationReport> validationReports = new CopyOnWriteArrayList<>();
  final List<RunResult> runResults = new CopyOnWriteArrayList<>();
  final List<ProducerRecord<String, byte[]>> sent = new CopyOnWriteArrayList<>();
  volatile Function<StepReport, LrDecision> answer = report -> ok(report, lrFor(report.getStep()));
  Map<String, Object> producerConfig;
  Map<String, Object> consumerConfig;
  private final Map<Integer, Long> nextOffset = new HashMap<>();

  FakeKafka(String prefix, int lrPartitions) {
    this(prefix, lrPartitions, 0);
  }

  /** @param endOffset where every lr partition ends before the client attaches (older records below) */
  FakeKafka(String prefix, int lrPartitions, long endOffset) {
    this.topics = TopicNames.withPrefix(prefix);
    this.lrPartitions = lrPartitions;
    List<PartitionInfo> infos = new ArrayList<>();
    Map<TopicPartition, Long> ends = new HashMap<>();
    Node node = new Node(0, "localhost", 9092);
    for (int p = 0; p < lrPartitions; p++) {
      infos.add(new PartitionInfo(topics.lr(), p, node, new Node[] {node}, new Node[] {node}));
      ends.put(new TopicPartition(topics.lr(), p), endOffset);
      nextOffset.put(p, endOffset);
    }
    consumer.updatePartitions(topics.lr(), infos);
    consumer.updateEndOffsets(ends);
  }

  /** The LR the default fake agent serves for a step: distinct per step. */
  static double lrFor(long step) {
    return 0.01 * (step + 1);
  }

  static LrDecision ok(StepReport report, double lr) {
    return LrDecision.newBuilder().setJob(report.getJob()).setStep(report.getStep()).setStatus(DecisionStatus.OK)
        .setLr(lr).setLearner(report.getLearner()).setLearnerVersion(7).setStage(1).setGamma(0.67)
        .setOutput(lr / 0.67).setClamped(false).setReason(null).build();
  }

  static LrDecision rejected(StepReport report, String reason) {
    return LrDecision.newBuilder().setJob(report.getJob()).setStep(report.getStep())
        .setStatus(DecisionStatus.REJECTED).setLr(null).setLearner(report.getLearner()).setLearnerVersion(-1)
        .setReason(reason).build();
  }

  /** Writes a decision to the lr topic as the agent would (key = job id). */
  void publish(String key, LrDecision decision) {
    publish(key, MlrsSerdes.LR_DECISION.encode(decision));
  }

  synchronized void publish(String key, byte[] value) {
    int partition = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), lrPartitions);
    long offset = nextOffset.merge(partition, 1L, Long::sum) - 1;
    consumer.addRecord(new ConsumerRecord<>(topics.lr(), partition, offset, key, value));
  }

  /** A record below the end offset, as if left from before the client attached. */
  void addOldRecord(String key, LrDecision decision, long offset) {
    int partition = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), lrPartitions);
    consumer.addRecord(new ConsumerRecord<>(topics.lr(), partition, offset, key,
        MlrsSerdes.LR_DECISION.encode(decision)));
  }

  @Override
  public Producer<String, byte[]> producer(Map<String, Object> config) {
    this.producerConfig = config;
    return producer;
  }

  @Override
  public Consumer<String, byte[]> consumer(Map<String, Object> config) {
    this.consumerConfig = config;
    return consumer;
  }

  /** A MockProducer whose sends reach the fake agent. */
  final class AgentFacingProducer extends MockProducer<String, byte[]> {
    AgentFacingProducer() {
      super(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
      Future<RecordMetadata> result = super.send(record, callback);
      sent.add(record);
      if (record.topic().equals(topics.steps())) {
        StepReport report = MlrsSerdes.STEP_REPORT.decode(record.value());
        stepReports.add(report);
        LrDecision decision = answer.apply(report);
        if (decision != null) {
          publish(record.key(), decision);
        }
      } else if (record.topic().equals(topics.validation())) {
        validationReports.add(MlrsSerdes.VALIDATION_REPORT.decode(record.value()));
      } else if (record.topic().equals(topics.runResults())) {
        runResults.add(MlrsSerdes.RUN_RESULT.decode(record.value()));
      }
      return result;
    }
  }

  /** MockConsumer.poll returns at once when empty; a short nap keeps the poll thread off the CPU. */
  static final class QuietConsumer extends MockConsumer<String, byte[]> {
    QuietConsumer() {
      super("latest");
    }

    @Override
    public ConsumerRecords<String, byte[]> poll(Duration timeout) {
      ConsumerRecords<String, byte[]> records = super.poll(timeout);
      if (records.isEmpty()) {
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return records;
    }
  }
}
