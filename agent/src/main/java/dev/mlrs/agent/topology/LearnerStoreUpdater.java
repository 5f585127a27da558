package dev.mlrs.agent.topology;

import dev.mlrs.agent.learner.Learner;
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
 * (key = name@version). Values stay encoded (the step path decodes each version once, see LearnerRegistry).
 * Only usable learners enter a store, so a bad record can neither crash a processor nor replace a good version:
 * records that do not decode or fail the learner checks (finite weights of sane magnitude, valid settings),
 * history records whose key does not name their version, meta-params records whose key is not their name or whose
 * version is not above the stored one, and tombstones (learners are retired through the admin path, never by
 * deletion) are logged and ignored; the previous version keeps serving. A global store cannot forward to the
 * rejected topic, so the log is where such refusals show.
 */
final class LearnerStoreUpdater implements Processor<String, byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(LearnerStoreUpdater.class);
  private final String storeName;
  /** The key a record must have. */
  private final Function<LearnerParams, String> keyOf;
  /** True for meta-params: a name's versions must grow. */
  private final boolean storesLatest;
  private KeyValueStore<String, byte[]> store;

  private LearnerStoreUpdater(String storeName, Function<LearnerParams, String> keyOf, boolean storesLatest) {
    this.storeName = storeName;
    this.keyOf = keyOf;
    this.storesLatest = storesLatest;
  }

  /** The latest version of each learner, keyed by name. */
  static LearnerStoreUpdater latest() {
    return new LearnerStoreUpdater(StoreNames.LEARNERS, LearnerParams::getName, true);
  }

  /** Every version kept on learner-history, keyed by name@version. */
  static LearnerStoreUpdater history() {
    return new LearnerStoreUpdater(StoreNames.LEARNER_HISTORY,
        p -> LearnerRegistry.historyKey(p.getName(), p.getVersion()), false);
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
    String key = DeadLetterFit.shorten(record.key(), 200);
    if (record.value() == null) {
      LOG.error("refused a tombstone on {} for '{}': learners are never deleted; the stored version stays",
          storeName, key);
      return;
    }
    LearnerParams params;
    try {
      params = MlrsSerdes.LEARNER_PARAMS.decode(record.value());
      Learner.of(params);
    } catch (RuntimeException e) {
      LOG.error("refused a {} record for '{}': {}", storeName, key, DeadLetterFit.shorten(e.getMessage(), 500));
      return;
    }
    if (!keyOf.apply(params).equals(record.key())) {
      LOG.error("refused a {} record keyed '{}' that holds {}@{}", storeName, key, params.getName(),
          params.getVersion());
      return;
    }
    byte[] stored = store.get(record.key());
    if (stored != null && storesLatest) {
      LearnerParams kept = MlrsSerdes.LEARNER_PARAMS.decode(stored);
      long current = kept.getVersion();
      if (sameButWhenCreated(kept, params)) {
        // The same version again: instances that start together each publish the shipped learners they found
        // missing. Nothing to refuse.
        LOG.debug("{} of learner '{}' on {} again, unchanged", params.getVersion(), key, storeName);
        return;
      }
      if (params.getVersion() <= current) {
        LOG.error("refused version {} of learner '{}' on {}: not above the stored version {}", params.getVersion(),
            key, storeName, current);
        return;
      }
    }
    store.put(record.key(), record.value());
  }

  private static boolean sameButWhenCreated(LearnerParams kept, LearnerParams incoming) {
    return LearnerParams.newBuilder(incoming).setCreatedAtMillis(kept.getCreatedAtMillis()).build().equals(kept);
  }
}
