package dev.mlrs.experiments.replay;

import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.Rejected;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.KafkaConnection;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.ValidationReport;
import dev.mlrs.schemas.serde.AvroSerde;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the recorded history of a set of jobs back from the topics (steps, lr, validation, run-results,
 * rejected) and joins it into one {@link JobTrace} per job. Records that do not decode (a writer schema this
 * build does not know) are counted, not fatal.
 */
public final class ReplayReader {
  private final TopicScan scan;
  private final TopicNames topics;
  private int undecodable;

  /** {@code kafkaSettings}: further client settings; the connection's address and login win over them. */
  public ReplayReader(KafkaConnection cluster, TopicNames topics, Map<String, String> kafkaSettings) {
    this.scan = new TopicScan(cluster, kafkaSettings);
    this.topics = topics;
  }

  /** The selected jobs' traces, sorted by job id. */
  public List<JobTrace> read(ReplayQuery query) {
    Map<String, TreeMap<Long, StepReportAt>> reports = new TreeMap<>();
    each(scan.read(topics.steps(), query.sinceMillis(), query.fromOffset(), query.toOffset()), query,
        MlrsSerdes.STEP_REPORT, (r, report) -> {
          if (query.inTime(r.timestamp())) {
            reports.computeIfAbsent(r.key(), k -> new TreeMap<>()).put(report.getStep(),
                new StepReportAt(report, r.timestamp()));
          }
        });
    Map<String, Map<Long, LrDecision>> decisions = new HashMap<>();
    each(scan.read(topics.lr(), query.sinceMillis(), null, null), query, MlrsSerdes.LR_DECISION,
        (r, d) -> decisions.computeIfAbsent(r.key(), k -> new HashMap<>()).putIfAbsent(d.getStep(), d));
    Map<String, Map<Long, ValidationReport>> validations = new HashMap<>();
    each(scan.read(topics.validation(), query.sinceMillis(), null, null), query, MlrsSerdes.VALIDATION_REPORT,
        (r, v) -> validations.computeIfAbsent(r.key(), k -> new HashMap<>()).put(v.getStep(), v));
    Map<String, RunRow> results = new HashMap<>();
    each(scan.read(topics.runResults(), query.sinceMillis(), null, null), query, MlrsSerdes.RUN_RESULT,
        (r, rr) -> results.put(r.key(), runRow(r.key(), rr, r.timestamp())));
    Map<String, List<RejectedRow>> rejected = new HashMap<>();
    each(scan.read(topics.rejected(), query.sinceMillis(), null, null), query, MlrsSerdes.REJECTED, (r, x) -> {
      if (query.inTime(r.timestamp())) {
        rejected.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(rejectedRow(r.key(), x));
      }
    });

    List<JobTrace> traces = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Long, StepReportAt>> job : reports.entrySet()) {
      String id = job.getKey();
      Map<Long, LrDecision> d = decisions.getOrDefault(id, Map.of());
      Map<Long, ValidationReport> v = validations.getOrDefault(id, Map.of());
      List<StepRow> rows = job.getValue().values().stream()
          .map(s -> row(s, d.get(s.report().getStep()), v.get(s.report().getStep()))).toList();
      List<RejectedRow> dead = rejected.getOrDefault(id, List.of()).stream()
          .sorted(Comparator.comparingLong(RejectedRow::rejectedAtMillis)).toList();
      traces.add(new JobTrace(id, rows, results.get(id), dead));
    }
    return traces;
  }

  /** Records seen that no known schema could decode (skipped). */
  public int undecodable() {
    return undecodable;
  }

  private <T extends org.apache.avro.specific.SpecificRecord> void each(List<ConsumerRecord<String, byte[]>> records,
      ReplayQuery query, AvroSerde<T> serde, BiConsumer<ConsumerRecord<String, byte[]>, T> sink) {
    for (ConsumerRecord<String, byte[]> r : records) {
      if (!query.selects(r.key()) || r.value() == null) {
        continue;
      }
      T value;
      try {
        value = serde.decode(r.value());
      } catch (RuntimeException e) {
        undecodable++;
        continue;
      }
      sink.accept(r, value);
    }
  }

  private static StepRow row(StepReportAt at, LrDecision d, ValidationReport v) {
    StepReport s = at.report();
    return new StepRow(s.getJob(), s.getStep(), at.timestampMillis(), s.getLoss(), s.getLearner(),
        s.getMode().name(), s.getTotalSteps(), s.getNumClasses(), s.getReferenceLoss(), s.getGamma(),
        s.getLrMin(), s.getLrMax(),
        d == null ? null : d.getStatus().name(), d == null ? null : d.getLr(),
        d == null ? null : d.getLearnerVersion(), d == null ? null : d.getStage(),
        d == null ? null : d.getGamma(), d == null ? null : d.getOutput(), d == null ? null : d.getClamped(),
        d == null ? null : d.getReason(),
        v == null ? null : v.getValLoss(), v == null ? null : v.getHypergradient());
  }

  private static RunRow runRow(String job, RunResult r, long timestamp) {
    return new RunRow(job, r.getLastStep(), r.getValidationLoss(), r.getValidationAccuracy(), r.getDiverged(),
        timestamp);
  }

  private static RejectedRow rejectedRow(String job, Rejected r) {
    return new RejectedRow(job, r.getSourceTopic(), r.getPartition(), r.getOffset(), r.getReason(),
        r.getRejectedAtMillis());
  }

  private record StepReportAt(StepReport report, long timestampMillis) {
  }
}
