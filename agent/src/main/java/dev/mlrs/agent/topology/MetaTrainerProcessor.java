package dev.mlrs.agent.topology;

import dev.mlrs.agent.job.InputLimits;
import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.trainer.OneStepMetaTrainer;
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
 * Streams plumbing of the one-step meta-trainer (keyed by learner name): reads MetaGradients, keeps the
 * trainer state, the per-job pool and the pool status in changelogged stores, and lets
 * {@link OneStepMetaTrainer} decide everything else. Its output is written in the same transaction as its
 * store updates, so under exactly_once_v2 a crash neither loses nor double-applies a gradient. Under
 * at-least-once a gradient may be delivered again after a crash; a job's gradients come in increasing steps, so
 * one whose step is not after the job's last pooled step is a re-delivery and is not pooled again.
 */
final class MetaTrainerProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(MetaTrainerProcessor.class);
  private static final String SEPARATOR = "\u0000";

  private final OneStepMetaTrainer trainer;
  private final LearnerRegistry registry;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, TrainerState> trainers;
  private KeyValueStore<String, PooledGradient> pool;
  private KeyValueStore<String, PoolStatus> poolStatus;
  private KeyValueStore<String, Long> credit;
  private KeyValueStore<String, Long> lastSteps;
  private KeyValueStore<String, byte[]> learners;

  MetaTrainerProcessor(OneStepMetaTrainer trainer, LearnerRegistry registry) {
    this.trainer = trainer;
    this.registry = registry;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    trainers = context.getStateStore(StoreNames.TRAINER_STATE);
    pool = context.getStateStore(StoreNames.GRADIENT_POOL);
    poolStatus = context.getStateStore(StoreNames.POOL_STATUS);
    credit = context.getStateStore(StoreNames.JOB_CREDIT);
    lastSteps = context.getStateStore(StoreNames.JOB_LAST_GRADIENT);
    learners = context.getStateStore(StoreNames.LEARNERS);
    long every = Math.max(20, trainer.settings().maxWait().toMillis() / 4);
    context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::updateWaitingPools);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    MetaGradient gradient = Rejections.decodeOrReject(context, LOG, "meta-gradient", MlrsSerdes.META_GRADIENT, record);
    if (gradient == null) {
      return;
    }
    String name = gradient.getLearner();
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    String problem = null;
    TrainerState state = null;
    if (gradient.getJob().length() > InputLimits.MAX_JOB_ID_CHARS || name.length() > LearnerFactory.MAX_NAME_CHARS) {
      problem = "job id or learner name too long (at most " + InputLimits.MAX_JOB_ID_CHARS + " and "
          + LearnerFactory.MAX_NAME_CHARS + " characters)";
    } else {
      try {
        state = currentState(name);
        problem = trainer.problemWith(key, gradient, state);
      } catch (RuntimeException e) {
        problem = "learner '" + name + "' cannot be trained: " + e.getMessage();
      }
    }
    String poolKey = name + SEPARATOR + gradient.getJob();
    Long lastPooled = problem == null ? lastSteps.get(poolKey) : null;
    if (lastPooled != null && gradient.getStep() <= lastPooled) {
      problem = "meta-gradient of job '" + gradient.getJob() + "' step " + gradient.getStep() + " is not after step "
          + lastPooled + " already pooled for learner '" + name + "': a re-delivery is not applied twice";
    }
    if (problem != null) {
      Rejections.send(context, LOG, "meta-gradient", record, problem);
      return;
    }
    // The marker goes first: should a crash fall between the two writes, the gradient is lost, never applied twice.
    lastSteps.put(poolKey, gradient.getStep());
    pool.put(poolKey, trainer.pool(pool.get(poolKey), gradient));
    Long accepted = credit.get(poolKey);
    credit.put(poolKey, accepted == null ? 1L : accepted + 1);
    PoolStatus status = OneStepMetaTrainer.grow(poolStatus.get(name), context.currentSystemTimeMs());
    if (trainer.full(status)) {
      update(name, state);
    } else {
      poolStatus.put(name, status);
    }
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
      state = OneStepMetaTrainer.adopt(latest);
      trainers.put(name, state);
    }
    return state;
  }

  private void updateWaitingPools(long now) {
    List<String> due = new ArrayList<>();
    try (KeyValueIterator<String, PoolStatus> all = poolStatus.all()) {
      while (all.hasNext()) {
        KeyValue<String, PoolStatus> kv = all.next();
        if (trainer.waitedLongEnough(kv.value, now)) {
          due.add(kv.key);
        }
      }
    }
    for (String name : due) {
      TrainerState state;
      try {
        state = currentState(name);
      } catch (RuntimeException e) {
        LOG.error("learner {} on meta-params cannot be used ({}); its pool waits", name, e.getMessage());
        continue;
      }
      if (state == null) {
        List<PooledGradient> dropped = takePool(name);
        LOG.warn("learner {} disappeared; discarded {} pooled job gradient(s)", name, dropped.size());
        continue;
      }
      update(name, state);
    }
  }

  /** Applies a learner's pool as one update and publishes the next version. */
  private void update(String name, TrainerState state) {
    List<PooledGradient> all = takePool(name);
    List<PooledGradient> pooled = trainer.established(all, job -> {
      Long accepted = credit.get(name + SEPARATOR + job);
      return accepted == null ? 0 : accepted;
    });
    if (pooled.size() < all.size()) {
      LOG.info("learner {}: {} of {} pooled job(s) not yet established (fewer than {} earlier gradients); they only"
          + " count from their next gradients on", name, all.size() - pooled.size(), all.size(),
          trainer.settings().establishedAfter());
    }
    if (pooled.isEmpty()) {
      return;
    }
    long now = context.currentSystemTimeMs();
    OneStepMetaTrainer.Update update = trainer.update(state, pooled, now);
    if (update.refused() != null) {
      // Keep serving the current version; say so on rejected, with the jobs whose gradients made the step.
      Rejections.sendKept(context, LOG, "meta-update", context.recordMetadata().map(m -> m.topic())
          .orElse("meta-gradients"), name, null, update.refused() + "; learner '" + name + "' stays at version "
          + state.getParams().getVersion() + " (gradients of job(s) "
          + pooled.stream().map(PooledGradient::getJob).limit(20).toList() + " dropped)");
      return;
    }
    registry.register(Learner.of(update.published()));
    trainers.put(name, update.state());
    context.forward(new Record<>((Object) name, (Object) update.published(), now), TopologyNames.META_PARAMS_SINK);
    LOG.info("learner {} v{} -> v{}: {} gradient(s) from {} job(s), median norm {}, {} clipped to {}",
        name, state.getParams().getVersion(), update.published().getVersion(), update.gradients(), update.jobs(),
        String.format("%.3g", update.combined().medianNorm()), update.combined().clipped(),
        String.format("%.3g", update.combined().clipNorm()));
  }

  /** Removes and returns a learner's pooled entries (one per job) and its pool status. */
  private List<PooledGradient> takePool(String name) {
    List<String> keys = new ArrayList<>();
    List<PooledGradient> entries = new ArrayList<>();
    try (KeyValueIterator<String, PooledGradient> range = pool.range(name + SEPARATOR, name + "\u0001")) {
      range.forEachRemaining(kv -> {
        keys.add(kv.key);
        entries.add(kv.value);
      });
    }
    keys.forEach(pool::delete);
    poolStatus.delete(name);
    return entries;
  }
}
