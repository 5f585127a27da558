package dev.mlrs.agent.topology;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The learners as one processor sees them: the latest version of each name (global store of meta-params),
 * older versions (learner registry, then the global store of learner-history), decoded once per version.
 */
final class LearnerLookup {
  private final LearnerRegistry registry;
  private final KeyValueStore<String, byte[]> latest;
  private final KeyValueStore<String, byte[]> history;

  LearnerLookup(LearnerRegistry registry, ProcessorContext<?, ?> context) {
    this.registry = registry;
    this.latest = context.getStateStore(StoreNames.LEARNERS);
    this.history = context.getStateStore(StoreNames.LEARNER_HISTORY);
  }

  /** The published record of a learner, still encoded, or null when there is none. */
  byte[] publishedRecord(String name) {
    return latest.get(name);
  }

  /** True when {@code key} ("name@version") is on learner-history. */
  boolean inHistory(String name, long version) {
    return history.get(LearnerRegistry.historyKey(name, version)) != null;
  }

  /**
   * The latest version of a learner, or null when there is none.
   *
   * @throws IllegalArgumentException when the published record cannot be used
   */
  Learner latest(String name) {
    byte[] encoded = latest.get(name);
    return encoded == null ? null : registry.resolve(encoded);
  }

  /** One version of a learner (any version still held or kept on learner-history), or null. */
  Learner at(String name, long version) {
    return registry.at(name, version, history::get, latest.get(name));
  }

  /** The names of all published learners, for error messages. */
  String known() {
    List<String> names = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = latest.all()) {
      all.forEachRemaining(kv -> names.add(kv.key));
    }
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  LearnerRegistry registry() {
    return registry;
  }
}
