package dev.mlrs.experiments.replay;

import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.KafkaConnection;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Every learner version a cluster still holds: the latest of each name (meta-params, compacted by name) and
 * the versions kept on learner-history (compacted by "name@version"), so that a job can be replayed against the
 * version that served it.
 */
public final class LearnerVersions {
  private final Map<String, LearnerParams> latest = new TreeMap<>();
  private final Map<String, LearnerParams> history = new TreeMap<>();

  /** Reads both topics once. */
  public static LearnerVersions read(KafkaConnection cluster, TopicNames topics, Map<String, String> kafkaSettings) {
    TopicScan scan = new TopicScan(cluster, kafkaSettings);
    LearnerVersions v = new LearnerVersions();
    for (ConsumerRecord<String, byte[]> r : scan.read(topics.metaParams(), null, null, null)) {
      v.add(r, v.latest);
    }
    for (ConsumerRecord<String, byte[]> r : scan.read(topics.learnerHistory(), null, null, null)) {
      v.add(r, v.history);
    }
    return v;
  }

  private void add(ConsumerRecord<String, byte[]> r, Map<String, LearnerParams> into) {
    if (r.key() == null) {
      return;
    }
    if (r.value() == null) {
      into.remove(r.key());   // a tombstone deletes the key
      return;
    }
    try {
      into.put(r.key(), MlrsSerdes.LEARNER_PARAMS.decode(r.value()));
    } catch (RuntimeException e) {
      // a version this build cannot decode is not available for replay; the lookup says which ones are
    }
  }

  /** The version asked for; {@code version} null means the latest. */
  public Optional<LearnerParams> find(String name, Long version) {
    LearnerParams newest = latest.get(name);
    if (version == null) {
      return Optional.ofNullable(newest);
    }
    if (newest != null && newest.getVersion() == version) {
      return Optional.of(newest);
    }
    return Optional.ofNullable(history.get(name + "@" + version));
  }

  /** The versions of {@code name} that can be replayed, for messages: e.g. "1, 2, 5". */
  public String available(String name) {
    TreeSet<Long> versions = new TreeSet<>();
    if (latest.containsKey(name)) {
      versions.add(latest.get(name).getVersion());
    }
    history.values().stream().filter(p -> p.getName().equals(name)).forEach(p -> versions.add(p.getVersion()));
    return versions.isEmpty() ? "none" : versions.toString().replaceAll("[\\[\\]]", "");
  }

  /** The names of the learners the cluster has. */
  public String names() {
    return String.join(", ", latest.keySet());
  }
}
