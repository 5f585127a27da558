package dev.mlrs.agent.learner;

import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellWeights;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.LearnerStage;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.MetaOptimizerSettings;
import dev.mlrs.schemas.serde.AvroTrust;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Makes LearnerParams records: the shipped ones, new ones from scratch, forks. */
public final class LearnerFactory {
  static {
    // A fresh LearnerParams builder fills enum defaults (objective), which Avro loads only for trusted classes.
    AvroTrust.install();
  }


  /** The learner every job gets unless it names another. */
  public static final String DEFAULT = "default";
  /** The reference's meta-test: three released snapshots switched at 1/3 and 2/3 of the run. */
  public static final String REFERENCE_THREE_STAGE = "reference-3stage";
  /** The paper's released epoch-1 snapshot under a name of its own, whatever {@code default} becomes. */
  public static final String MLRSNET_PAPER = "mlrsnet-paper";
  /** The learner file (LearnerFiles format) that {@code default} is made of. */
  static final String FLEET_TRAINED_RESOURCE = "fleet-trained.json";

  private static final String RELEASED = "shipped: MLR-SNet released weights (xjtushujun/MLR-SNet, MIT licence)";

  private LearnerFactory() {
  }

  /**
   * The learners published on first start (docs/adr/0003-shipped-learners.md, docs/adr/0009-fleet-trained-default.md).
   * {@code default}: the schedule-aware learner trained by {@code mlrs meta-train} (docs/fleet.md), shipped as
   * {@value #FLEET_TRAINED_RESOURCE}; it warms up and anneals over the job's declared totalSteps.
   * {@code reference-3stage}: the released snapshots of epochs 1, 100 and 200, switched at 1/3 and 2/3
   * of a job's totalSteps with gamma recomputed at each switch, as the reference's meta-test does.
   * {@code mlrsnet-paper}: the released epoch-1 snapshot, one stage, learnable online by the paper's objective.
   */
  public static List<LearnerParams> shipped(long nowMillis) {
    ReleasedWeights released = ReleasedWeights.load();
    LearnerParams threeStage = params(REFERENCE_THREE_STAGE, 1, CellShape.REFERENCE,
        List.of(stage(0.0, released.snapshot("epoch_1")),
            stage(1.0 / 3, released.snapshot("epoch_100")),
            stage(2.0 / 3, released.snapshot("epoch_200"))),
        RELEASED + ", snapshots of epochs 1/100/200 at 0, 1/3, 2/3 of the run", nowMillis);
    return List.of(fleetTrained(nowMillis), threeStage, paper(nowMillis));
  }

  /** The paper's released epoch-1 snapshot as a one-stage learner named {@value #MLRSNET_PAPER}. */
  public static LearnerParams paper(long nowMillis) {
    double[] epoch1 = ReleasedWeights.load().snapshot("epoch_1");
    return params(MLRSNET_PAPER, 1, CellShape.REFERENCE, List.of(stage(0.0, epoch1)),
        RELEASED + ", epoch-1 snapshot", nowMillis);
  }

  /** The fleet-trained learner shipped as {@value #DEFAULT}, version 1; its ES counters say how many runs made it. */
  public static LearnerParams fleetTrained(long nowMillis) {
    LearnerParams trained;
    try (InputStream in = LearnerFactory.class.getResourceAsStream(FLEET_TRAINED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + FLEET_TRAINED_RESOURCE + " is missing from the agent jar");
      }
      trained = LearnerFiles.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the shipped learner " + FLEET_TRAINED_RESOURCE, e);
    }
    return LearnerParams.newBuilder(trained)
        .setName(DEFAULT)
        .setVersion(1)
        .setGradientsApplied(0)
        .setOrigin("shipped: trained by mlrs meta-train on fmnist-mlp, given the fixed LR scale "
            + trained.getLrScale() + ", then on a task mix; " + trained.getEs().getRunsUsed()
            + " runs in all (docs/fleet.md, ADR 0011, ADR 0013)")
        .setCreatedAtMillis(nowMillis)
        .build();
  }

  /**
   * A new learner from scratch: every weight and bias drawn from U(-1/sqrt(fan_in), 1/sqrt(fan_in))
   * (PyTorch's default for nn.Linear, which the reference uses), except the output layer: W3 starts at
   * zero and b3 at logit(initialOutput), so the learner serves exactly {@code initialOutput} * gamma
   * whatever the loss until meta-updates open the output layer (its gradient is dz * h, not zero).
   */
  public static LearnerParams fromScratch(String name, CellShape shape, long seed, double initialOutput,
                                          long nowMillis) {
    if (!(initialOutput > 0 && initialOutput < 1)) {
      throw new IllegalArgumentException("initialOutput must lie in (0, 1), got " + initialOutput);
    }
    Random random = new Random(seed);
    double[] w = new double[shape.parameterCount()];
    int mlp = shape.mlpHidden();
    int hidden = shape.hidden();
    fill(w, shape.wI1(), shape.wI2(), shape.inputs(), random);  // W_i1, b_i1: fan_in = inputs
    fill(w, shape.wI2(), shape.wH1(), mlp, random);             // W_i2, b_i2
    fill(w, shape.wH1(), shape.wH2(), hidden, random);          // W_h1, b_h1
    fill(w, shape.wH2(), shape.w3(), mlp, random);              // W_h2, b_h2
    w[shape.b3()] = Math.log(initialOutput / (1 - initialOutput));   // W3 and the knots stay zero
    return params(name, 1, shape, List.of(stage(0.0, w)),
        "created from scratch: seed " + seed + ", initial output " + initialOutput, nowMillis);
  }

  /**
   * A new learner (version 1) with one stage copied from {@code source}: same shape, meta-optimizer and
   * objective; ES settings carried over with their progress (generation, runs used) back at zero.
   */
  public static LearnerParams fork(LearnerParams source, int stage, String name, long nowMillis) {
    checkStage(source, stage);
    LearnerStage copied = stage(0.0, WeightArrays.toArray(source.getStages().get(stage).getWeights()));
    String origin = "forked from " + source.getName() + "@" + source.getVersion()
        + (source.getStages().size() > 1 ? " stage " + stage : "");
    EsSettings es = source.getEs() == null ? null
        : EsSettings.newBuilder(source.getEs()).setGeneration(0).setRunsUsed(0).build();
    return LearnerParams.newBuilder(params(name, 1, shapeOf(source), List.of(copied), origin, nowMillis))
        .setOptimizer(MetaOptimizerSettings.newBuilder(source.getOptimizer()).build())
        .setObjective(source.getObjective())
        .setEs(es)
        .build();
  }

  /** {@link #scheduleAware(LearnerParams, int, String, int, EsSettings, long)} from a single-stage learner. */
  public static LearnerParams scheduleAware(LearnerParams base, String name, int knots, EsSettings es,
                                            long nowMillis) {
    if (base.getStages().size() != 1) {
      throw new IllegalArgumentException(base.getName() + " has " + base.getStages().size()
          + " stages: name the one to start from");
    }
    return scheduleAware(base, 0, name, knots, es, nowMillis);
  }

  /**
   * A schedule-aware learner (version 1, objective FLEET_ES, one stage) grown from one stage of a learner
   * without progress input: a second input column for the progress t/T and a progress head of
   * {@code knots} knots, both zero, so that before any training it serves exactly what {@code base} serves.
   * {@code es} null means the default ES settings; its generation and runs used start at zero.
   */
  public static LearnerParams scheduleAware(LearnerParams base, int stage, String name, int knots,
                                            EsSettings es, long nowMillis) {
    if (knots < 2) {
      throw new IllegalArgumentException("a progress head needs at least 2 knots, got " + knots);
    }
    return grown(base, stage, name, true, knots, MetaObjective.FLEET_ES, es, nowMillis);
  }

  /**
   * One stage of a learner without progress input, grown into a one-stage learner of version 1 with a zero
   * progress column (when {@code progressInput}) and {@code knots} zero knots (0: no head), trained by
   * {@code objective}: it serves exactly what {@code base} serves until it is trained. {@code es} is used by
   * FLEET_ES only (null: the default settings; generation and runs used start at zero). A ONE_STEP learner that
   * reads the progress is the study's "one-step objective with the new learner" (docs/fleet.md).
   */
  public static LearnerParams grown(LearnerParams base, int stage, String name, boolean progressInput, int knots,
                                    MetaObjective objective, EsSettings es, long nowMillis) {
    checkStage(base, stage);
    CellShape from = shapeOf(base);
    if (from.usesProgress()) {
      throw new IllegalArgumentException(base.getName() + " already reads the progress (" + from
          + "): fork it instead");
    }
    if (knots == 1 || knots < 0) {
      throw new IllegalArgumentException("a progress head needs at least 2 knots (0: no head), got " + knots);
    }
    CellShape to = new CellShape(from.hidden(), from.mlpHidden(), progressInput ? 2 : 1, knots);
    double[] widened = CellWeights.widen(from, WeightArrays.toArray(base.getStages().get(stage).getWeights()), to);
    String parts = (progressInput ? "progress input" : "no progress input")
        + (knots > 0 ? ", " + knots + "-knot head" : ", no head");
    String origin = (to.usesProgress() ? "schedule-aware (" : "grown (") + parts + ", zero-initialised, "
        + objective + ") from " + base.getName() + "@" + base.getVersion()
        + (base.getStages().size() > 1 ? " stage " + stage : "");
    LearnerParams.Builder grown = LearnerParams.newBuilder(params(name, 1, to, List.of(stage(0.0, widened)), origin,
        nowMillis)).setObjective(objective);
    if (objective == MetaObjective.FLEET_ES) {
      grown.setEs((es == null ? EsSettings.newBuilder() : EsSettings.newBuilder(es))
          .setGeneration(0).setRunsUsed(0).build());
    }
    return grown.build();
  }

  /**
   * The same learner with a fixed LR scale {@code scale} instead of the gamma {@code servedGamma} it was served
   * with (the paper's gamma of the tasks it was trained on). The output bias b3 of every stage moves by
   * ln(servedGamma / scale), so that where sigma(.) is small (an annealed LR) the served LR stays the same to
   * first order; near the peak it changes by less than the ratio. Version 1 under {@code name}; ES counters kept.
   */
  public static LearnerParams withLrScale(LearnerParams source, String name, double scale, double servedGamma,
                                          long nowMillis) {
    if (!(scale > 0 && scale <= Learner.MAX_LR_SCALE && servedGamma > 0 && Double.isFinite(servedGamma))) {
      throw new IllegalArgumentException("need 0 < scale <= " + Learner.MAX_LR_SCALE + " and a finite gamma > 0, "
          + "got scale " + scale + " and gamma " + servedGamma);
    }
    checkName(name);
    CellShape shape = shapeOf(source);
    double shift = Math.log(servedGamma / scale);
    List<LearnerStage> stages = source.getStages().stream().map(stage -> {
      double[] weights = WeightArrays.toArray(stage.getWeights());
      weights[shape.b3()] += shift;
      return stage(stage.getStartFraction(), weights);
    }).toList();
    return LearnerParams.newBuilder(source)
        .setName(name)
        .setVersion(1)
        .setStages(stages)
        .setLrScale(scale)
        .setOrigin("fixed LR scale " + scale + " (b3 shifted by ln(" + servedGamma + " / " + scale + ")) from "
            + source.getName() + "@" + source.getVersion())
        .setCreatedAtMillis(nowMillis)
        .build();
  }

  /** The cell shape a record describes. */
  public static CellShape shapeOf(LearnerParams params) {
    return new CellShape(params.getHiddenSize(), params.getMlpHiddenSize(), params.getInputs(),
        params.getProgressKnots());
  }

  private static void checkStage(LearnerParams source, int stage) {
    if (stage < 0 || stage >= source.getStages().size()) {
      throw new IllegalArgumentException(source.getName() + " has " + source.getStages().size()
          + " stage(s); no stage " + stage);
    }
  }

  public static LearnerStage stage(double startFraction, double[] weights) {
    return LearnerStage.newBuilder().setStartFraction(startFraction).setWeights(WeightArrays.toList(weights)).build();
  }

  public static LearnerParams params(String name, long version, CellShape shape, List<LearnerStage> stages,
                                     String origin, long nowMillis) {
    checkName(name);
    return LearnerParams.newBuilder()
        .setName(name)
        .setVersion(version)
        .setHiddenSize(shape.hidden())
        .setMlpHiddenSize(shape.mlpHidden())
        .setInputs(shape.inputs())
        .setProgressKnots(shape.knots())
        .setStages(new ArrayList<>(stages))
        .setOptimizer(MetaOptimizerSettings.newBuilder().build())
        .setOrigin(origin)
        .setGradientsApplied(0)
        .setCreatedAtMillis(nowMillis)
        .build();
  }

  /** Longest learner name. */
  public static final int MAX_NAME_CHARS = 64;

  /** Learner names are record keys and file names: keep them plain. */
  public static void checkName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("learner names use letters, digits, '.', '_' and '-' (at most 64), got '"
          + name + "'");
    }
  }

  private static void fill(double[] w, int from, int to, int fanIn, Random random) {
    double bound = 1 / Math.sqrt(fanIn);
    for (int k = from; k < to; k++) {
      w[k] = (random.nextDouble() * 2 - 1) * bound;
    }
  }
}
