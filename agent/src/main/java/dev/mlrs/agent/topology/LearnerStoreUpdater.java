package dev.mlrs.agent.topology;

import dev.mlrs.schemas.serde.MlrsSerdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global learner store in step with the compacted meta-params topic. Values stay encoded
 * (the step path decodes each version once, see LearnerRegistry); records that do not decode are
 * logged and skipped, since a global store cannot forward to the rejected topic.
 */
final class LearnerStoreUpdater implements Processor<String, byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(LearnerStoreUpdater.class);
  private KeyValueStore<String, byte[]> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(StoreNames.LEARNERS);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      LOG.error("ignoring a meta-params record without a key");
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());   // a tombstone retires a learner
      return;
    }
    try {
      MlrsSerdes.LEARNER_PARAMS.decode(record.value());
    } catch (RuntimeException e) {
      LOG.error("ignoring an undecodable meta-params record for learner '{}': {}", record.key(), e.getMessage());
      return;
    }
    store.put(record.key(), record.value());
  }
}
