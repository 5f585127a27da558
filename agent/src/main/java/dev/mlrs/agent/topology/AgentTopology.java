package dev.mlrs.agent.topology;

import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.live.StepObserver;
import dev.mlrs.agent.metrics.AgentMetrics;
import dev.mlrs.agent.metrics.MetricsTap;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.agent.trainer.OneStepMetaTrainer;
import dev.mlrs.schemas.EsFitness;
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
 *   1. keyed by job id, stores job-state, job-history
 *      steps       -> step-processor        -> lr, learner-history (a generation's centre), rejected
 *                                           -> step-observer [job-history: last 200 steps per job; metrics]
 *      validation  -> validation-processor  -> meta-gradients, rejected
 *      run-results -> run-result-processor  -> es-fitness, rejected
 *   2. keyed by learner, stores meta-trainer, meta-pool, meta-pool-status, meta-job-credit, meta-job-last-step
 *      meta-gradients -> meta-trainer (ONE_STEP)  -> meta-params, rejected
 *   3. keyed by learner, stores es-trainer, es-fitness-pool
 *      es-fitness     -> es-trainer (FLEET_ES)    -> meta-params, learner-history, rejected
 *   global stores on every instance: learners (meta-params), learner-history (learner-history)
 *   dead letters and new learner versions pass a metrics tap on their way to rejected and meta-params
 * </pre>
 *
 * Sub-topology 1 is keyed by job id (steps, validation and run-results are co-partitioned and share the job
 * state), sub-topologies 2 (one-step trainer) and 3 (ES trainer) by learner name; the learners reach every
 * instance through the global stores.
 */
public final class AgentTopology {

  private AgentTopology() {
  }

  public static Topology build(TopicNames topics, MetaTrainerSettings trainerSettings, LearnerRegistry registry) {
    return build(topics, trainerSettings, registry, AgentMetrics.inMemory());
  }

  /** The topology with its metrics hooks reporting to {@code metrics}. */
  public static Topology build(TopicNames topics, MetaTrainerSettings trainerSettings, LearnerRegistry registry,
                               AgentMetrics metrics) {
    Topology topology = new Topology();
    ByteArrayDeserializer bytes = new ByteArrayDeserializer();
    String esFitness = AgentTopics.esFitness(topics);

    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.LEARNERS), Serdes.String(),
            Serdes.ByteArray()).withLoggingDisabled(),
        TopologyNames.META_PARAMS_SOURCE, new StringDeserializer(), bytes, topics.metaParams(),
        TopologyNames.LEARNER_STORE_UPDATER, LearnerStoreUpdater::latest);
    // On disk: it keeps every version published to it, which memory need not hold.
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.LEARNER_HISTORY), Serdes.String(),
            Serdes.ByteArray()).withLoggingDisabled(),
        TopologyNames.LEARNER_HISTORY_SOURCE, new StringDeserializer(), bytes, topics.learnerHistory(),
        TopologyNames.LEARNER_HISTORY_UPDATER, LearnerStoreUpdater::history);

    topology.addSource(TopologyNames.STEPS_SOURCE, bytes, bytes, topics.steps());
    topology.addSource(TopologyNames.VALIDATION_SOURCE, bytes, bytes, topics.validation());
    topology.addSource(TopologyNames.RUN_RESULTS_SOURCE, bytes, bytes, topics.runResults());
    topology.addProcessor(TopologyNames.STEP_PROCESSOR, () -> new StepProcessor(registry), TopologyNames.STEPS_SOURCE);
    topology.addProcessor(TopologyNames.VALIDATION_PROCESSOR, () -> new ValidationProcessor(registry),
        TopologyNames.VALIDATION_SOURCE);
    topology.addProcessor(TopologyNames.RUN_RESULT_PROCESSOR, () -> new RunResultProcessor(registry),
        TopologyNames.RUN_RESULTS_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.JOB_STATE),
            Serdes.String(), AvroSerde.of(JobState.class)),
        TopologyNames.STEP_PROCESSOR, TopologyNames.VALIDATION_PROCESSOR, TopologyNames.RUN_RESULT_PROCESSOR);

    topology.addSource(TopologyNames.META_GRADIENTS_SOURCE, bytes, bytes, topics.metaGradients());
    OneStepMetaTrainer oneStep = new OneStepMetaTrainer(trainerSettings);
    topology.addProcessor(TopologyNames.META_TRAINER, () -> new MetaTrainerProcessor(oneStep, registry),
        TopologyNames.META_GRADIENTS_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.TRAINER_STATE),
        Serdes.String(), AvroSerde.of(TrainerState.class)), TopologyNames.META_TRAINER);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.GRADIENT_POOL),
        Serdes.String(), AvroSerde.of(PooledGradient.class)), TopologyNames.META_TRAINER);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.POOL_STATUS),
        Serdes.String(), AvroSerde.of(PoolStatus.class)), TopologyNames.META_TRAINER);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.JOB_CREDIT),
        Serdes.String(), Serdes.Long()), TopologyNames.META_TRAINER);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.JOB_LAST_GRADIENT),
        Serdes.String(), Serdes.Long()), TopologyNames.META_TRAINER);

    topology.addSource(TopologyNames.ES_FITNESS_SOURCE, bytes, bytes, esFitness);
    topology.addProcessor(TopologyNames.ES_TRAINER, () -> new EsTrainerProcessor(registry, esFitness),
        TopologyNames.ES_FITNESS_SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ES_TRAINER_STATE),
        Serdes.String(), AvroSerde.of(TrainerState.class)), TopologyNames.ES_TRAINER);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ES_FITNESS_POOL),
        Serdes.String(), MlrsSerdes.ES_FITNESS), TopologyNames.ES_TRAINER);

    topology.addProcessor(TopologyNames.STEP_OBSERVER, () -> new StepObserver(StoreNames.JOB_HISTORY, metrics),
        TopologyNames.STEP_PROCESSOR);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.JOB_HISTORY),
        Serdes.String(), Serdes.ByteArray()), TopologyNames.STEP_OBSERVER);

    StringSerializer strings = new StringSerializer();
    topology.<String, LrDecision>addSink(TopologyNames.LR_SINK, topics.lr(), strings, MlrsSerdes.LR_DECISION,
        TopologyNames.STEP_PROCESSOR);
    topology.<String, MetaGradient>addSink(TopologyNames.META_GRADIENTS_SINK, topics.metaGradients(), strings,
        MlrsSerdes.META_GRADIENT, TopologyNames.VALIDATION_PROCESSOR);
    topology.<String, EsFitness>addSink(TopologyNames.ES_FITNESS_SINK, esFitness, strings, MlrsSerdes.ES_FITNESS,
        TopologyNames.RUN_RESULT_PROCESSOR);
    topology.addProcessor(TopologyNames.META_PARAMS_SINK,
        () -> new MetricsTap<String, LearnerParams>(p -> metrics.metaUpdate(p.getObjective())),
        TopologyNames.META_TRAINER, TopologyNames.ES_TRAINER);
    topology.<String, LearnerParams>addSink(TopologyNames.META_PARAMS_OUT, topics.metaParams(), strings,
        MlrsSerdes.LEARNER_PARAMS, TopologyNames.META_PARAMS_SINK);
    topology.<String, LearnerParams>addSink(TopologyNames.LEARNER_HISTORY_SINK, topics.learnerHistory(), strings,
        MlrsSerdes.LEARNER_PARAMS, TopologyNames.STEP_PROCESSOR, TopologyNames.ES_TRAINER);
    topology.addProcessor(TopologyNames.REJECTED_SINK,
        () -> new MetricsTap<byte[], Rejected>(r -> metrics.rejected(r.getSourceTopic(), r.getReason())),
        TopologyNames.STEP_PROCESSOR, TopologyNames.VALIDATION_PROCESSOR,
        TopologyNames.RUN_RESULT_PROCESSOR, TopologyNames.META_TRAINER, TopologyNames.ES_TRAINER);
    topology.<byte[], Rejected>addSink(TopologyNames.REJECTED_OUT, topics.rejected(), new ByteArraySerializer(),
        MlrsSerdes.REJECTED, TopologyNames.REJECTED_SINK);
    return topology;
  }
}
