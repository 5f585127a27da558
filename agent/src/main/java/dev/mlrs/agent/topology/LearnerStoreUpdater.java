package dev.mlrs.agent.topology;

import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global learner store in step with its compacted topic: meta-params (key = name) or learner-history
 * (key = name@version). Values stay encoded (the step path decodes each version once, see LearnerRegistry);
 * records that do not decode, and history records whose key does not name their version, are logged and
 * skipped, since a global store cannot forward to the rejected topic.
 */
final class LearnerStoreUpdater implements Processor<String, byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(LearnerStoreUpdater.class);
  private final String storeName;
  /** The key a record must have, or null when any key goes. */
  private final Function<LearnerParams, String> keyOf;
  private KeyValueStore<String, byte[]> store;

  private LearnerStoreUpdater(String storeName, Function<LearnerParams, String> keyOf) {
    this.storeName = storeName;
    this.keyOf = keyOf;
  }

  /** The latest version of each learner, keyed by name. */
  static LearnerStoreUpdater latest() {
    return new LearnerStoreUpdater(StoreNames.LEARNERS, null);
  }

  /** Every version kept on learner-history, keyed by name@version. */
  static LearnerStoreUpdater history() {
    return new LearnerStoreUpdater(StoreNames.LEARNER_HISTORY,
        p -> LearnerRegistry.historyKey(p.getName(), p.getVersion()));
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      LOG.error("ignoring a {} record without a key", storeName);
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());   // a tombstone retires a learner (or a kept version)
      return;
    }
    LearnerParams params;
    try {
      params = MlrsSerdes.LEARNER_PARAMS.decode(record.value());
    } catch (RuntimeException e) {
      LOG.error("ignoring an undecodable {} record for '{}': {}", storeName, record.key(), e.getMessage());
      return;
    }
    if (keyOf != null && !keyOf.apply(params).equals(record.key())) {
      LOG.error("ignoring a {} record keyed '{}' that holds {}@{}", storeName, record.key(), params.getName(),
          params.getVersion());
      return;
    }
    store.put(record.key(), record.value());
  }
}
