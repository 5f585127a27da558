package dev.mlrs.agent.trainer;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.AdamOptimizer;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LearnerStage;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.state.PoolStatus;
import dev.mlrs.schemas.state.PooledGradient;
import dev.mlrs.schemas.state.TrainerState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The paper's one-step objective, without Kafka: guards a MetaGradient, pools it per job, decides when a
 * learner's pool is due, and turns a pool into one Adam step and the learner's next version
 * (docs/adr/0005-meta-trainer.md). Holds no state of its own: the caller keeps the records it returns
 * (in changelogged stores), so a restart continues exactly where it stopped.
 */
public final class OneStepMetaTrainer {

  /**
   * The next version and what went into it; {@code refused} is null, or says why the step's result cannot be
   * published (e.g. a non-finite weight), in which case the learner stays at its current version.
   */
  public record Update(TrainerState state, LearnerParams published, int gradients, int jobs,
                       RobustAggregator.Result combined, String refused) {
  }

  private final MetaTrainerSettings settings;

  public OneStepMetaTrainer(MetaTrainerSettings settings) {
    this.settings = settings;
  }

  public MetaTrainerSettings settings() {
    return settings;
  }

  /** A fresh trainer state for a learner version seen on meta-params: its weights, Adam's moments at zero. */
  public static TrainerState adopt(Learner learner) {
    int size = learner.shape().parameterCount();
    return new TrainerState(learner.params(), 0L, WeightArrays.toList(new double[size]),
        WeightArrays.toList(new double[size]));
  }

  /** Why {@code g} cannot be pooled for the learner in {@code state} (null when unknown), or null when it can. */
  public String problemWith(String key, MetaGradient g, TrainerState state) {
    if (!g.getLearner().equals(key)) {
      return "record key '" + key + "' differs from learner '" + g.getLearner() + "'";
    }
    if (state == null) {
      return "unknown learner '" + g.getLearner() + "'";
    }
    LearnerParams params = state.getParams();
    if (params.getObjective() != MetaObjective.ONE_STEP) {
      return "learner '" + g.getLearner() + "' is trained by " + params.getObjective()
          + ", not by one-step meta-gradients";
    }
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
    if (g.getLearnerVersion() > current) {
      return "gradient claims version " + g.getLearnerVersion() + " of '" + g.getLearner() + "', which is only at "
          + current;
    }
    if (g.getLearnerVersion() < current - settings.maxStaleness()) {
      return "stale gradient: computed with version " + g.getLearnerVersion() + " of '" + g.getLearner()
          + "', now at " + current + " (at most " + settings.maxStaleness() + " versions behind are used)";
    }
    return null;
  }

  /**
   * A job's pooled entry with {@code g} added ({@code entry} null when the job has none yet). The gradient is first
   * capped to the learner's fixed norm cap (maxNorm), so that a pool's sum of finite gradients stays finite.
   */
  public PooledGradient pool(PooledGradient entry, MetaGradient g) {
    double[] sum = entry == null ? new double[g.getGradient().size()] : WeightArrays.toArray(entry.getSum());
    double[] values = RobustAggregator.capped(WeightArrays.toArray(g.getGradient()), settings.maxNorm());
    for (int k = 0; k < sum.length; k++) {
      sum[k] += values[k];
    }
    long oldest = entry == null ? g.getLearnerVersion() : Math.min(entry.getOldestVersion(), g.getLearnerVersion());
    int count = entry == null ? 1 : entry.getCount() + 1;
    return new PooledGradient(g.getJob(), count, oldest, WeightArrays.toList(sum));
  }

  /** The pool's status after one more gradient ({@code status} null when the pool was empty). */
  public static PoolStatus grow(PoolStatus status, long nowMillis) {
    return status == null ? new PoolStatus(1, nowMillis) : new PoolStatus(status.getSize() + 1,
        status.getStartedAtMillis());
  }

  /** True when the pool holds enough gradients for an update. */
  public boolean full(PoolStatus status) {
    return status.getSize() >= settings.updateBatch();
  }

  /** True when a non-empty pool has waited long enough to be applied half full. */
  public boolean waitedLongEnough(PoolStatus status, long nowMillis) {
    return status.getSize() > 0 && nowMillis - status.getStartedAtMillis() >= settings.maxWait().toMillis();
  }

  /**
   * One Adam step on the robust aggregate of the jobs' pooled gradients (each job counts with the mean of its
   * own gradients), published as version + 1.
   *
   * @throws IllegalArgumentException when {@code pooled} is empty
   */
  public Update update(TrainerState state, List<PooledGradient> pooled, long nowMillis) {
    if (pooled.isEmpty()) {
      throw new IllegalArgumentException("no pooled gradients to apply");
    }
    List<double[]> perJob = new ArrayList<>();
    int gradients = 0;
    for (PooledGradient entry : pooled) {
      double[] mean = WeightArrays.toArray(entry.getSum());
      for (int k = 0; k < mean.length; k++) {
        mean[k] /= entry.getCount();
      }
      perJob.add(mean);
      gradients += entry.getCount();
    }
    RobustAggregator.Result combined =
        RobustAggregator.aggregate(perJob, settings.clipMultiplier(), settings.maxNorm());
    LearnerParams current = state.getParams();
    double[] weights = WeightArrays.toArray(current.getStages().get(0).getWeights());
    double[] m = WeightArrays.toArray(state.getM());
    double[] v = WeightArrays.toArray(state.getV());
    long adamStep = state.getAdamStep() + 1;
    AdamOptimizer.step(Learner.of(current).optimizer(), weights, combined.gradient(), m, v, adamStep);

    LearnerStage stage = LearnerFactory.stage(current.getStages().get(0).getStartFraction(), weights);
    LearnerParams next = LearnerParams.newBuilder(current)
        .setVersion(current.getVersion() + 1)
        .setStages(List.of(stage))
        .setOrigin("meta-update of " + gradients + " gradient(s) from " + perJob.size() + " job(s)")
        .setGradientsApplied(current.getGradientsApplied() + gradients)
        .setCreatedAtMillis(nowMillis)
        .build();
    TrainerState after = new TrainerState(next, adamStep, WeightArrays.toList(m), WeightArrays.toList(v));
    String refused = null;
    try {
      Learner.of(next);   // the same check every reader applies: finite weights of sane magnitude
    } catch (IllegalArgumentException e) {
      refused = "the meta-update was not published: " + e.getMessage();
    }
    return new Update(after, next, gradients, perJob.size(), combined, refused);
  }

  /**
   * The pooled entries of established jobs: those with at least {@code establishedAfter} gradients accepted
   * before this pool. The others only establish their job; throwaway job ids therefore neither set the clip norm
   * nor move the learner.
   *
   * @param acceptedSoFar the number of gradients accepted from a job so far, this pool's included
   */
  public List<PooledGradient> established(List<PooledGradient> pooled, ToLongFunction<String> acceptedSoFar) {
    List<PooledGradient> out = new ArrayList<>();
    for (PooledGradient entry : pooled) {
      if (acceptedSoFar.applyAsLong(entry.getJob()) - entry.getCount() >= settings.establishedAfter()) {
        out.add(entry);
      }
    }
    return out;
  }
}
