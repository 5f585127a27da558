package dev.mlrs.agent.topology;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.trainer.EsMetaTrainer;
import dev.mlrs.schemas.EsFitness;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.serde.MlrsSerdes;
import dev.mlrs.schemas.state.TrainerState;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams plumbing of the ES trainer (keyed by learner name): keeps the fitness records of each learner's open
 * generation in a changelogged store, deduplicated by (generation, pair key, side), and lets
 * {@link EsMetaTrainer} pair them and close the generation. A closed generation's next version goes to
 * meta-params and learner-history, its lone sides to rejected, all in the Streams transaction of the record
 * that closed it: under exactly_once_v2 a crash neither loses nor double-counts a result.
 */
final class EsTrainerProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(EsTrainerProcessor.class);
  private static final String WHAT = "fitness record";

  private final LearnerRegistry registry;
  private final String fitnessTopic;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, TrainerState> trainers;
  private KeyValueStore<String, EsFitness> pool;
  private KeyValueStore<String, byte[]> learners;

  EsTrainerProcessor(LearnerRegistry registry, String fitnessTopic) {
    this.registry = registry;
    this.fitnessTopic = fitnessTopic;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    trainers = context.getStateStore(StoreNames.ES_TRAINER_STATE);
    pool = context.getStateStore(StoreNames.ES_FITNESS_POOL);
    learners = context.getStateStore(StoreNames.LEARNERS);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    EsFitness fitness = Rejections.decodeOrReject(context, LOG, WHAT, MlrsSerdes.ES_FITNESS, record);
    if (fitness == null) {
      return;
    }
    String name = fitness.getLearner();
    TrainerState state = currentState(name);
    String problem = EsMetaTrainer.problemWith(Rejections.keyOf(record), fitness, state);
    String poolKey = EsMetaTrainer.poolKey(fitness);
    if (problem == null && pool.get(poolKey) != null) {
      problem = "duplicate result for generation " + fitness.getGeneration() + ", "
          + EsMetaTrainer.describePair(fitness) + ", side " + fitness.getSide() + " (job '" + fitness.getJob()
          + "'; the first one counts)";
    }
    if (problem != null) {
      Rejections.send(context, LOG, WHAT, record, problem);
      return;
    }
    pool.put(poolKey, fitness);
    List<KeyValue<String, EsFitness>> generation = range(EsMetaTrainer.generationPrefix(name, fitness.getGeneration()),
        EsMetaTrainer.generationEnd(name, fitness.getGeneration()));
    EsMetaTrainer.Pairing pairing = EsMetaTrainer.pair(generation.stream().map(kv -> kv.value).toList());
    if (EsMetaTrainer.closes(state, pairing)) {
      close(name, state, pairing, generation);
    }
  }

  private void close(String name, TrainerState state, EsMetaTrainer.Pairing pairing,
                     List<KeyValue<String, EsFitness>> generation) {
    long now = context.currentSystemTimeMs();
    EsMetaTrainer.Update update = EsMetaTrainer.close(state, pairing, now);
    generation.forEach(kv -> pool.delete(kv.key));
    try {
      registry.register(Learner.of(update.published()));
    } catch (IllegalArgumentException e) {
      // Never publish what no reader could use: the learner stays at its version, the generation's runs say why.
      for (KeyValue<String, EsFitness> kv : generation) {
        rejectKept(kv.value, "generation " + state.getParams().getVersion() + " of '" + name + "' was not published: "
            + e.getMessage());
      }
      return;
    }
    trainers.put(name, update.state());
    context.forward(new Record<>((Object) name, (Object) update.published(), now), TopologyNames.META_PARAMS_SINK);
    context.forward(new Record<>((Object) LearnerRegistry.historyKey(name, update.published().getVersion()),
        (Object) update.published(), now), TopologyNames.LEARNER_HISTORY_SINK);
    long generationClosed = state.getParams().getVersion();
    for (EsFitness lone : update.leftOver()) {
      rejectKept(lone, "generation " + generationClosed + " of '" + name + "' closed with "
          + update.pairs().size() + " complete pair(s); the other side of " + EsMetaTrainer.describePair(lone)
          + " never arrived, so job '" + lone.getJob() + "' (" + lone.getSide() + ") is not used");
    }
    LOG.info("learner {} generation {} closed: {} pair(s), {} lone side(s), |g| {} -> version {}", name,
        generationClosed, update.pairs().size(), update.leftOver().size(),
        String.format("%.3g", update.gradientNorm()), update.published().getVersion());
  }

  /**
   * The trainer's state of a FLEET_ES learner. A newer version on meta-params (an import, or a version this
   * trainer published before a restart) opens a new generation: the records left in older generations are
   * rejected, since nothing will close them.
   */
  private TrainerState currentState(String name) {
    TrainerState state = trainers.get(name);
    byte[] published = learners.get(name);
    if (published == null) {
      return state;
    }
    Learner latest;
    try {
      latest = registry.resolve(published);
    } catch (RuntimeException e) {
      LOG.warn("learner {} on meta-params cannot be decoded: {}", name, e.getMessage());
      return state;
    }
    if (latest.params().getObjective() != MetaObjective.FLEET_ES) {
      return new TrainerState(latest.params(), 0L, List.of(), List.of());   // only for the guard's reason
    }
    if (state == null || latest.version() > state.getParams().getVersion()) {
      dropOlderGenerations(name, latest.version());
      state = EsMetaTrainer.adopt(latest);
      trainers.put(name, state);
    }
    return state;
  }

  private void dropOlderGenerations(String name, long open) {
    for (KeyValue<String, EsFitness> kv : range(EsMetaTrainer.learnerPrefix(name), EsMetaTrainer.learnerEnd(name))) {
      if (kv.value.getGeneration() < open) {
        pool.delete(kv.key);
        rejectKept(kv.value, "learner '" + name + "' moved to version " + open + " (published from elsewhere) before"
            + " generation " + kv.value.getGeneration() + " closed; job '" + kv.value.getJob() + "' is not used");
      }
    }
  }

  private List<KeyValue<String, EsFitness>> range(String from, String to) {
    List<KeyValue<String, EsFitness>> out = new ArrayList<>();
    try (KeyValueIterator<String, EsFitness> it = pool.range(from, to)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private void rejectKept(EsFitness kept, String reason) {
    Rejections.sendKept(context, LOG, WHAT, fitnessTopic, kept.getLearner(), MlrsSerdes.ES_FITNESS.encode(kept),
        reason);
  }
}
