package dev.mlrs.agent.live;

import dev.mlrs.agent.topology.StoreNames;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.serde.MlrsSerdes;
import dev.mlrs.schemas.state.JobState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers questions about jobs and learners from this instance's state stores (Kafka Streams interactive
 * queries). Jobs: only those whose partitions this instance owns; which instance owns a job is the web
 * layer's business. Learners: from the global store, so every instance knows all of them. Answers are plain
 * maps and lists, ready to be written as JSON. A store that is being rebalanced throws
 * InvalidStateStoreException: ask again shortly.
 */
public final class LiveQueries {
  private final KafkaStreams streams;

  public LiveQueries(KafkaStreams streams) {
    this.streams = streams;
  }

  /** Every job in this instance's job-state store, with its latest step. */
  public List<Map<String, Object>> localJobs() {
    ReadOnlyKeyValueStore<String, JobState> jobs = store(StoreNames.JOB_STATE);
    ReadOnlyKeyValueStore<String, byte[]> history = store(StoreNames.JOB_HISTORY);
    List<Map<String, Object>> out = new ArrayList<>();
    try (KeyValueIterator<String, JobState> it = jobs.all()) {
      while (it.hasNext()) {
        KeyValue<String, JobState> entry = it.next();
        byte[] last = history.get(JobHistory.key(entry.key, entry.value.getLastStep()));
        out.add(summary(entry.key, entry.value, last == null ? null : HistoryPoint.decode(last)));
      }
    }
    return out;
  }

  /** One job of this instance with its recent history, or empty when this instance has no such job. */
  public Optional<Map<String, Object>> localJob(String job) {
    JobState state = this.<JobState>store(StoreNames.JOB_STATE).get(job);
    if (state == null) {
      return Optional.empty();
    }
    List<HistoryPoint> points = JobHistory.of(store(StoreNames.JOB_HISTORY), job);
    Map<String, Object> out = summary(job, state, points.isEmpty() ? null : points.get(points.size() - 1));
    List<Map<String, Object>> history = new ArrayList<>();
    for (HistoryPoint p : points) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("step", p.step());
      point.put("loss", p.loss());
      point.put("lr", p.lr());
      point.put("learnerVersion", p.learnerVersion());
      point.put("timestamp", p.timestampMillis());
      history.add(point);
    }
    out.put("history", history);
    return Optional.of(out);
  }

  /** The latest version of every learner, from the global store. */
  public List<LearnerParams> learnerParams() {
    ReadOnlyKeyValueStore<String, byte[]> learners = store(StoreNames.LEARNERS);
    List<LearnerParams> out = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = learners.all()) {
      while (it.hasNext()) {
        out.add(MlrsSerdes.LEARNER_PARAMS.decode(it.next().value));
      }
    }
    return out;
  }

  /** Learners as the page shows them: version, objective, and for FLEET_ES learners the ES progress. */
  public List<Map<String, Object>> learners() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (LearnerParams p : learnerParams()) {
      Map<String, Object> learner = new LinkedHashMap<>();
      learner.put("name", p.getName().toString());
      learner.put("version", p.getVersion());
      learner.put("objective", p.getObjective().name());
      learner.put("stages", p.getStages().size());
      learner.put("inputs", p.getInputs());
      learner.put("gradientsApplied", p.getGradientsApplied());
      learner.put("origin", p.getOrigin().toString());
      learner.put("createdAt", p.getCreatedAtMillis());
      if (p.getEs() != null) {
        Map<String, Object> es = new LinkedHashMap<>();
        es.put("generation", p.getEs().getGeneration());
        es.put("runsUsed", p.getEs().getRunsUsed());
        es.put("pairsPerGeneration", p.getEs().getPairsPerGeneration());
        es.put("sigma", p.getEs().getSigma());
        learner.put("es", es);
      }
      out.add(learner);
    }
    return out;
  }

  private static Map<String, Object> summary(String job, JobState state, HistoryPoint last) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("job", job);
    out.put("step", state.getLastStep());
    out.put("lr", state.getLastLr());
    out.put("learner", state.getLearner().toString());
    out.put("learnerVersion", last == null ? null : last.learnerVersion());
    out.put("loss", last == null ? null : last.loss());
    out.put("updated", last == null ? null : last.timestampMillis());
    out.put("stage", state.getStage());
    out.put("gamma", state.getGamma());
    out.put("esGeneration", state.getEs() == null ? null : state.getEs().getGeneration());
    out.put("esSide", state.getEs() == null ? null : state.getEs().getEnrolment().getSide().name());
    return out;
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }
}
