package dev.mlrs.agent.learner;

import dev.mlrs.agent.math.AdamOptimizer;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LearnerStage;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.MetaOptimizerSettings;
import java.util.List;

/**
 * One decoded, immutable version of a named learner: its cell shape and the weights of each stage
 * as plain arrays (the record on the wire holds boxed lists; the per-step path must not).
 */
public final class Learner {
  /**
   * Largest weight magnitude a learner may have: the released weights are of order 1, and a cell with weights far
   * above this only saturates; such a version is a corrupt or hostile one.
   */
  public static final double MAX_ABS_WEIGHT = 1e6;
  /** Largest fixed LR scale a learner may carry (the same bound as a job's own gamma). */
  public static final double MAX_LR_SCALE = 100.0;

  private final String name;
  private final long version;
  private final CellShape shape;
  private final double[] startFractions;
  private final double[][] stageWeights;
  private final AdamOptimizer.Settings optimizer;
  private final LearnerParams params;

  private Learner(LearnerParams params, CellShape shape, double[] startFractions, double[][] stageWeights) {
    this.name = params.getName();
    this.version = params.getVersion();
    this.shape = shape;
    this.startFractions = startFractions;
    this.stageWeights = stageWeights;
    MetaOptimizerSettings o = params.getOptimizer();
    this.optimizer = new AdamOptimizer.Settings(o.getLearningRate(), o.getBeta1(), o.getBeta2(), o.getEpsilon(),
        o.getWeightDecay());
    this.params = params;
  }

  /** Decodes and checks a LearnerParams record; throws IllegalArgumentException saying what is wrong. */
  public static Learner of(LearnerParams params) {
    String where = "learner " + params.getName() + "@" + params.getVersion();
    if (params.getVersion() < 1) {
      throw new IllegalArgumentException(where + ": versions start at 1");
    }
    CellShape shape;
    try {
      shape = new CellShape(params.getHiddenSize(), params.getMlpHiddenSize(), params.getInputs(),
          params.getProgressKnots());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    List<LearnerStage> stages = params.getStages();
    if (stages.isEmpty()) {
      throw new IllegalArgumentException(where + ": has no stages");
    }
    double[] fractions = new double[stages.size()];
    double[][] weights = new double[stages.size()][];
    for (int s = 0; s < stages.size(); s++) {
      LearnerStage stage = stages.get(s);
      fractions[s] = stage.getStartFraction();
      boolean ordered = s == 0 ? fractions[s] == 0 : fractions[s] > fractions[s - 1] && fractions[s] < 1;
      if (!ordered) {
        throw new IllegalArgumentException(where
            + ": stage start fractions must begin at 0 and grow within [0, 1), got "
            + fractions[s] + " for stage " + s);
      }
      weights[s] = WeightArrays.toArray(stage.getWeights());
      if (weights[s].length != shape.parameterCount()) {
        throw new IllegalArgumentException(where + ": stage " + s + " has " + weights[s].length
            + " weights, a " + shape + " cell needs " + shape.parameterCount());
      }
      for (double value : weights[s]) {
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException(where + ": stage " + s + " has a non-finite weight");
        }
        if (Math.abs(value) > MAX_ABS_WEIGHT) {
          throw new IllegalArgumentException(where + ": stage " + s + " has a weight " + value
              + " of magnitude above " + MAX_ABS_WEIGHT);
        }
      }
    }
    checkOptimizer(where, params.getOptimizer());
    checkObjective(where, params);
    checkLrScale(where, params.getLrScale());
    return new Learner(params, shape, fractions, weights);
  }

  /** Adam must be able to step without producing non-finite weights from finite gradients. */
  private static void checkOptimizer(String where, MetaOptimizerSettings o) {
    boolean valid = Double.isFinite(o.getLearningRate()) && o.getLearningRate() >= 0
        && o.getBeta1() >= 0 && o.getBeta1() < 1 && o.getBeta2() >= 0 && o.getBeta2() < 1
        && Double.isFinite(o.getEpsilon()) && o.getEpsilon() > 0
        && Double.isFinite(o.getWeightDecay()) && o.getWeightDecay() >= 0;
    if (!valid) {
      throw new IllegalArgumentException(where + ": invalid optimizer settings (need finite learningRate >= 0, "
          + "0 <= beta1, beta2 < 1, epsilon > 0, weightDecay >= 0): " + o);
    }
  }

  /** FLEET_ES perturbs one weight set and needs its settings; the settings must make sense. */
  private static void checkObjective(String where, LearnerParams params) {
    EsSettings es = params.getEs();
    if (params.getObjective() == MetaObjective.FLEET_ES) {
      if (es == null) {
        throw new IllegalArgumentException(where + ": objective FLEET_ES needs es settings");
      }
      if (params.getStages().size() != 1) {
        throw new IllegalArgumentException(where + ": objective FLEET_ES trains one weight set, the learner has "
            + params.getStages().size() + " stages");
      }
    }
    if (es != null) {
      boolean valid = es.getSigma() >= 0 && Double.isFinite(es.getSigma()) && es.getPairsPerGeneration() >= 1
          && es.getLearningRate() > 0 && Double.isFinite(es.getLearningRate()) && es.getFitnessClip() > 0
          && Double.isFinite(es.getFitnessClip()) && es.getGeneration() >= 0 && es.getRunsUsed() >= 0;
      if (!valid) {
        throw new IllegalArgumentException(where + ": invalid es settings (need sigma >= 0, pairsPerGeneration >= 1,"
            + " learningRate > 0, fitnessClip > 0, generation and runsUsed >= 0, all finite): " + es);
      }
    }
  }

  /** A fixed scale must be a usable LR bound: positive, finite and no larger than any job may ask for. */
  private static void checkLrScale(String where, Double lrScale) {
    if (lrScale != null && !(lrScale > 0 && lrScale <= MAX_LR_SCALE)) {
      throw new IllegalArgumentException(where + ": lrScale must be in (0, " + MAX_LR_SCALE + "], got " + lrScale);
    }
  }

  public String name() {
    return name;
  }

  /** The fixed LR scale gamma of every job this learner serves; null for the paper's per-job gamma. */
  public Double lrScale() {
    return params.getLrScale();
  }

  public long version() {
    return version;
  }

  public CellShape shape() {
    return shape;
  }

  /** True when the cell reads the training progress t/T (a schedule-aware learner). */
  public boolean usesProgress() {
    return shape.usesProgress();
  }

  public MetaObjective objective() {
    return params.getObjective();
  }

  /** Settings of the FLEET_ES objective; null for a learner without them. */
  public EsSettings es() {
    return params.getEs();
  }

  public int stageCount() {
    return stageWeights.length;
  }

  /** Weights of one stage (shared, never modify). */
  public double[] weights(int stage) {
    return stageWeights[stage];
  }

  /** The stage that applies at {@code step} of a run of {@code totalSteps} (0 when the length is unknown). */
  public int stageAt(long step, long totalSteps) {
    if (totalSteps <= 0) {
      return 0;
    }
    double fraction = (double) step / totalSteps;
    int stage = 0;
    while (stage + 1 < startFractions.length && fraction >= startFractions[stage + 1]) {
      stage++;
    }
    return stage;
  }

  public AdamOptimizer.Settings optimizer() {
    return optimizer;
  }

  /** The record this learner was decoded from. */
  public LearnerParams params() {
    return params;
  }
}
