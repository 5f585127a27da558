package dev.mlrs.agent.topology;

import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.Rejected;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.serde.AvroSerde;
import dev.mlrs.schemas.serde.MlrsSerdes;
import dev.mlrs.schemas.state.JobState;
import dev.mlrs.schemas.state.PoolStatus;
import dev.mlrs.schemas.state.PooledGradient;
import dev.mlrs.schemas.state.TrainerState;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The agent's whole topology, built in one place (the tests build it through this method too).
 *
 * <pre>
 *   steps ──┐                                ┌─► lr
 *           ├─► job-processor [job-state] ───┼─► meta-gradients ──► meta-trainer [meta-trainer,
 *   validation ┘        ▲                    └─► rejected              meta-pool, meta-pool-status]
 *                       │                                                  │        │
 *   meta-params ──► global store [learners] ◄───────── meta-params ◄────────┘        └─► rejected
 * </pre>
 *
 * Sub-topology 1 is keyed by job id (steps and validation are co-partitioned), sub-topology 2 by
 * learner name; the learners reach every instance through the global store.
 */
public final class AgentTopology {

  private AgentTopology() {
  }

  public static Topology build(TopicNames topics, MetaTrainerSettings trainerSettings, LearnerRegistry registry) {
    Topology topology = new Topology();
    ByteArrayDeserializer bytes = new ByteArrayDeserializer();

    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.LEARNERS), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled(),
        TopologyNames.META_PARAMS_SOURCE, new StringDeserializer(), bytes, topics.metaParams(),
        TopologyNames.LEARNER_STORE_UPDATER, LearnerStoreUpdater::new);

    topology.addSource(TopologyNames.STEPS_SOURCE, bytes, bytes, topics.steps());
    topology.addSource(TopologyNames.VALIDATION_SOURCE, bytes, bytes, topics.validation());
    topology.addProcessor(TopologyNames.JOB_PROCESSOR, () -> new JobProcessor(topics.steps(), registry),
        TopologyNames.STEPS_SOURCE, TopologyNames.VALIDATION_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.JOB_STATE),
        Serdes.String(), AvroSerde.of(JobState.class)), TopologyNames.JOB_PROCESSOR);

    topology.addSource(TopologyNames.META_GRADIENTS_SOURCE, bytes, bytes, topics.metaGradients());
    topology.addProcessor(TopologyNames.META_TRAINER, () -> new MetaTrainerProcessor(trainerSettings, registry),
        TopologyNames.META_GRADIENTS_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.TRAINER_STATE),
        Serdes.String(), AvroSerde.of(TrainerState.class)), TopologyNames.META_TRAINER);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.GRADIENT_POOL),
        Serdes.String(), AvroSerde.of(PooledGradient.class)), TopologyNames.META_TRAINER);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.POOL_STATUS),
        Serdes.String(), AvroSerde.of(PoolStatus.class)), TopologyNames.META_TRAINER);

    StringSerializer strings = new StringSerializer();
    topology.<String, LrDecision>addSink(TopologyNames.LR_SINK, topics.lr(), strings, MlrsSerdes.LR_DECISION,
        TopologyNames.JOB_PROCESSOR);
    topology.<String, MetaGradient>addSink(TopologyNames.META_GRADIENTS_SINK, topics.metaGradients(), strings,
        MlrsSerdes.META_GRADIENT, TopologyNames.JOB_PROCESSOR);
    topology.<String, LearnerParams>addSink(TopologyNames.META_PARAMS_SINK, topics.metaParams(), strings,
        MlrsSerdes.LEARNER_PARAMS, TopologyNames.META_TRAINER);
    topology.<byte[], Rejected>addSink(TopologyNames.REJECTED_SINK, topics.rejected(), new ByteArraySerializer(),
        MlrsSerdes.REJECTED, TopologyNames.JOB_PROCESSOR, TopologyNames.META_TRAINER);
    return topology;
  }
}
