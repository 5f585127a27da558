package dev.mlrs.sim.model;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * How {@link Models} builds a network: seed, optimizer, weight decay, learning rate and MLP widths.
 *
 * <p>The learning rate is either a fixed value or an {@link ISchedule} owned by the caller. DL4J asks the
 * schedule for {@code valueAt(iteration, epoch)} on every update, so a caller can change the rate every
 * iteration at no cost. DL4J copies configurations while building the network; a schedule whose value is
 * changed from outside must therefore survive {@code clone()}: return {@code this} from it, or share the value
 * holder between copies.
 */
public final class ModelOptions {

  private final long seed;
  private final Optimizer optimizer;
  private final double momentum;
  private final double weightDecay;
  private final double learningRate;
  private final ISchedule learningRateSchedule;
  private final int[] mlpHiddenLayers;

  private ModelOptions(Builder b) {
    this.seed = b.seed;
    this.optimizer = b.optimizer;
    this.momentum = b.momentum;
    this.weightDecay = b.weightDecay;
    this.learningRate = b.learningRate;
    this.learningRateSchedule = b.learningRateSchedule;
    this.mlpHiddenLayers = b.mlpHiddenLayers.clone();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** SGD, fixed learning rate 0.1, no weight decay, seed 0. */
  public static ModelOptions defaults() {
    return builder().build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.seed = seed;
    b.optimizer = optimizer;
    b.momentum = momentum;
    b.weightDecay = weightDecay;
    b.learningRate = learningRate;
    b.learningRateSchedule = learningRateSchedule;
    b.mlpHiddenLayers = mlpHiddenLayers.clone();
    return b;
  }

  public long seed() {
    return seed;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  /** Momentum of {@link Optimizer#MOMENTUM}. */
  public double momentum() {
    return momentum;
  }

  /** DL4J WeightDecay coefficient, applied with applyLR = true (the decay step scales with the LR); 0 = none. */
  public double weightDecay() {
    return weightDecay;
  }

  /** The fixed learning rate; ignored when {@link #learningRateSchedule()} is set. */
  public double learningRate() {
    return learningRate;
  }

  /** The caller's schedule, or null for the fixed {@link #learningRate()}. */
  public ISchedule learningRateSchedule() {
    return learningRateSchedule;
  }

  /** Hidden layer widths of "mlp" and the width of "resnet-mlp" (its first entry). */
  public int[] mlpHiddenLayers() {
    return mlpHiddenLayers.clone();
  }

  @Override
  public String toString() {
    return "ModelOptions{seed=" + seed + ", optimizer=" + optimizer
        + (optimizer == Optimizer.MOMENTUM ? ", momentum=" + momentum : "")
        + ", weightDecay=" + weightDecay
        + ", lr=" + (learningRateSchedule != null ? learningRateSchedule : learningRate)
        + ", mlpHidden=" + Arrays.toString(mlpHiddenLayers) + "}";
  }

  public static final class Builder {
    private long seed = 0;
    private Optimizer optimizer = Optimizer.SGD;
    private double momentum = 0.9;
    private double weightDecay = 0;
    private double learningRate = 0.1;
    private ISchedule learningRateSchedule;
    private int[] mlpHiddenLayers = {256, 128};

    private Builder() {
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder optimizer(Optimizer value) {
      this.optimizer = Objects.requireNonNull(value, "optimizer");
      return this;
    }

    public Builder optimizer(String name) {
      return optimizer(Optimizer.parse(name));
    }

    public Builder momentum(double value) {
      if (!(value >= 0 && value < 1)) {
        throw new IllegalArgumentException("momentum must be in [0, 1), got " + value);
      }
      this.momentum = value;
      return this;
    }

    public Builder weightDecay(double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + value);
      }
      this.weightDecay = value;
      return this;
    }

    /** A fixed learning rate (clears any schedule). */
    public Builder learningRate(double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + value);
      }
      this.learningRate = value;
      this.learningRateSchedule = null;
      return this;
    }

    /** A learning rate schedule owned by the caller (see the class comment about clone()). */
    public Builder learningRate(ISchedule schedule) {
      this.learningRateSchedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    public Builder mlpHiddenLayers(int... widths) {
      if (widths.length == 0 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
        throw new IllegalArgumentException("hidden layer widths must be positive, at least one: "
            + Arrays.toString(widths));
      }
      this.mlpHiddenLayers = widths.clone();
      return this;
    }

    public ModelOptions build() {
      return new ModelOptions(this);
    }
  }
}
