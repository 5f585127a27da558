package dev.mlrs.agent.topology;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.AdamOptimizer;
import dev.mlrs.agent.trainer.MetaTrainerSettings;
import dev.mlrs.agent.trainer.RobustAggregator;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LearnerStage;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.serde.MlrsSerdes;
import dev.mlrs.schemas.state.PoolStatus;
import dev.mlrs.schemas.state.PooledGradient;
import dev.mlrs.schemas.state.TrainerState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta-trainer (keyed by learner name): pools the MetaGradients of all jobs, guards them
 * (finite, not stale, one job cannot steer: {@link RobustAggregator}), applies Adam and publishes the
 * next LearnerParams version to meta-params. All of its state lives in changelogged stores and its
 * output is written in the same transaction, so under exactly_once_v2 a crash neither loses nor
 * double-applies a gradient.
 */
final class MetaTrainerProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(MetaTrainerProcessor.class);
  private static final String SEPARATOR = "\u0000";

  private final MetaTrainerSettings settings;
  private final LearnerRegistry registry;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, TrainerState> trainers;
  private KeyValueStore<String, PooledGradient> pool;
  private KeyValueStore<String, PoolStatus> poolStatus;
  private KeyValueStore<String, byte[]> learners;

  MetaTrainerProcessor(MetaTrainerSettings settings, LearnerRegistry registry) {
    this.settings = settings;
    this.registry = registry;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    trainers = context.getStateStore(StoreNames.TRAINER_STATE);
    pool = context.getStateStore(StoreNames.GRADIENT_POOL);
    poolStatus = context.getStateStore(StoreNames.POOL_STATUS);
    learners = context.getStateStore(StoreNames.LEARNERS);
    long every = Math.max(20, settings.maxWait().toMillis() / 4);
    context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::updateWaitingPools);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    MetaGradient gradient = Rejections.decodeOrReject(context, LOG, "meta-gradient", MlrsSerdes.META_GRADIENT, record);
    if (gradient == null) {
      return;
    }
    String name = gradient.getLearner();
    TrainerState state = currentState(name);
    String problem = problemWith(record, gradient, state);
    if (problem != null) {
      reject(record, problem);
      return;
    }
    addToPool(name, gradient);
    PoolStatus status = poolStatus.get(name);
    int size = status == null ? 1 : status.getSize() + 1;
    long started = status == null ? context.currentSystemTimeMs() : status.getStartedAtMillis();
    if (size >= settings.updateBatch()) {
      update(name, state);
    } else {
      poolStatus.put(name, new PoolStatus(size, started));
    }
  }

  private String problemWith(Record<byte[], byte[]> record, MetaGradient g, TrainerState state) {
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    if (!g.getLearner().equals(key)) {
      return "record key '" + key + "' differs from learner '" + g.getLearner() + "'";
    }
    if (state == null) {
      return "unknown learner '" + g.getLearner() + "'";
    }
    LearnerParams params = state.getParams();
    if (params.getStages().size() != 1) {
      return "learner '" + g.getLearner() + "' has " + params.getStages().size() + " stages and is frozen";
    }
    int expected = params.getStages().get(0).getWeights().size();
    if (g.getGradient().size() != expected) {
      return "gradient has " + g.getGradient().size() + " entries, learner '" + g.getLearner() + "' has " + expected;
    }
    if (!Double.isFinite(g.getHypergradient())) {
      return "hypergradient is not finite";
    }
    for (double v : g.getGradient()) {
      if (!Double.isFinite(v)) {
        return "gradient of job '" + g.getJob() + "' step " + g.getStep() + " has non-finite entries";
      }
    }
    long current = params.getVersion();
    if (g.getLearnerVersion() < current - settings.maxStaleness()) {
      return "stale gradient: computed with version " + g.getLearnerVersion() + " of '" + g.getLearner()
          + "', now at " + current + " (at most " + settings.maxStaleness() + " versions behind are used)";
    }
    return null;
  }

  /** The trainer's state of a learner; a newer version on meta-params (e.g. an import) replaces it. */
  private TrainerState currentState(String name) {
    TrainerState state = trainers.get(name);
    byte[] published = learners.get(name);
    if (published == null) {
      return state;
    }
    Learner latest = registry.resolve(published);
    if (state == null || latest.version() > state.getParams().getVersion()) {
      int size = latest.shape().parameterCount();
      state = new TrainerState(latest.params(), 0L, WeightArrays.toList(new double[size]),
          WeightArrays.toList(new double[size]));
      trainers.put(name, state);
    }
    return state;
  }

  private void addToPool(String name, MetaGradient g) {
    String key = name + SEPARATOR + g.getJob();
    PooledGradient entry = pool.get(key);
    double[] sum = entry == null ? new double[g.getGradient().size()] : WeightArrays.toArray(entry.getSum());
    List<Double> values = g.getGradient();
    for (int k = 0; k < sum.length; k++) {
      sum[k] += values.get(k);
    }
    long oldest = entry == null ? g.getLearnerVersion() : Math.min(entry.getOldestVersion(), g.getLearnerVersion());
    int count = entry == null ? 1 : entry.getCount() + 1;
    pool.put(key, new PooledGradient(g.getJob(), count, oldest, WeightArrays.toList(sum)));
  }

  private void updateWaitingPools(long now) {
    List<String> due = new ArrayList<>();
    try (KeyValueIterator<String, PoolStatus> all = poolStatus.all()) {
      while (all.hasNext()) {
        KeyValue<String, PoolStatus> kv = all.next();
        if (kv.value.getSize() > 0 && now - kv.value.getStartedAtMillis() >= settings.maxWait().toMillis()) {
          due.add(kv.key);
        }
      }
    }
    for (String name : due) {
      TrainerState state = currentState(name);
      if (state == null) {
        discardPool(name);
        continue;
      }
      update(name, state);
    }
  }

  /** One Adam step from the pooled gradients, published as the learner's next version. */
  private void update(String name, TrainerState state) {
    List<double[]> perJob = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    int gradients = 0;
    try (KeyValueIterator<String, PooledGradient> entries = pool.range(name + SEPARATOR, name + "\u0001")) {
      while (entries.hasNext()) {
        KeyValue<String, PooledGradient> kv = entries.next();
        keys.add(kv.key);
        double[] mean = WeightArrays.toArray(kv.value.getSum());
        for (int k = 0; k < mean.length; k++) {
          mean[k] /= kv.value.getCount();
        }
        perJob.add(mean);
        gradients += kv.value.getCount();
      }
    }
    keys.forEach(pool::delete);
    poolStatus.delete(name);
    if (perJob.isEmpty()) {
      return;
    }
    RobustAggregator.Result combined = RobustAggregator.aggregate(perJob, settings.clipMultiplier(), settings.maxNorm());
    LearnerParams current = state.getParams();
    double[] weights = WeightArrays.toArray(current.getStages().get(0).getWeights());
    double[] m = WeightArrays.toArray(state.getM());
    double[] v = WeightArrays.toArray(state.getV());
    long adamStep = state.getAdamStep() + 1;
    Learner currentLearner = Learner.of(current);
    AdamOptimizer.step(currentLearner.optimizer(), weights, combined.gradient(), m, v, adamStep);

    LearnerStage stage = LearnerStage.newBuilder(current.getStages().get(0)).setWeights(WeightArrays.toList(weights)).build();
    LearnerParams next = LearnerParams.newBuilder(current)
        .setVersion(current.getVersion() + 1)
        .setStages(List.of(stage))
        .setOrigin("meta-update of " + gradients + " gradient(s) from " + perJob.size() + " job(s)")
        .setGradientsApplied(current.getGradientsApplied() + gradients)
        .setCreatedAtMillis(context.currentSystemTimeMs())
        .build();
    registry.register(Learner.of(next));
    trainers.put(name, new TrainerState(next, adamStep, WeightArrays.toList(m), WeightArrays.toList(v)));
    context.forward(new Record<>((Object) name, (Object) next, context.currentSystemTimeMs()), TopologyNames.META_PARAMS_SINK);
    LOG.info("learner {} v{} -> v{}: {} gradient(s) from {} job(s), median norm {}, {} clipped to {}",
        name, current.getVersion(), next.getVersion(), gradients, perJob.size(),
        String.format("%.3g", combined.medianNorm()), combined.clipped(), String.format("%.3g", combined.clipNorm()));
  }

  private void discardPool(String name) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, PooledGradient> entries = pool.range(name + SEPARATOR, name + "\u0001")) {
      entries.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(pool::delete);
    poolStatus.delete(name);
    LOG.warn("learner {} disappeared; discarded {} pooled job gradient(s)", name, keys.size());
  }

  private void reject(Record<byte[], byte[]> record, String reason) {
    Rejections.send(context, LOG, "meta-gradient", record, reason);
  }
}
