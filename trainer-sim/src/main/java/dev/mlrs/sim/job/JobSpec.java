package dev.mlrs.sim.job;

import dev.mlrs.schemas.LearnerMode;
import java.util.Objects;

/**
 * One training run: the task (dataset, model, optimizer, batch size, length) and how it gets its LRs.
 *
 * @param jobId          unique id of the run (a rerun needs a new id)
 * @param dataset        dataset spec for {@link dev.mlrs.sim.data.Datasets#load}, e.g. fashion-mnist
 * @param model          model name for {@link dev.mlrs.sim.model.Models}, e.g. mlp
 * @param optimizer      sgd, momentum or adam
 * @param weightDecay    DL4J WeightDecay coefficient (applied with the LR)
 * @param batchSize      minibatch size
 * @param steps          training steps (iterations)
 * @param trainLimit     use at most this many training samples (0 = all)
 * @param validationSize clean validation samples held out of the training split (LEARN jobs need them);
 *                       {@link #AUTO_VALIDATION} for min(1000, 10 % of the training samples)
 * @param seed           seeds the weights, the held-out split and the data order
 * @param learner        learner that serves the LRs
 * @param mode           LEARN or FROZEN
 * @param validateEvery  a LEARN job sends a hypergradient every this many steps
 * @param lrMin          smallest LR the job accepts
 * @param lrMax          largest LR the job accepts
 * @param fallbackLr     LR used until the first one is served (and while the service does not answer)
 * @param allowFallback  train on the fallback LR when the service rejects the job's learner as unknown, instead
 *                       of failing at the first step
 */
public record JobSpec(String jobId, String dataset, String model, String optimizer, double weightDecay, int batchSize,
                      long steps, int trainLimit, int validationSize, long seed, String learner, LearnerMode mode,
                      int validateEvery, double lrMin, double lrMax, double fallbackLr, boolean allowFallback) {

  /** Validation size meaning "min(1000, 10 % of the training samples)", so that small datasets work too. */
  public static final int AUTO_VALIDATION = -1;
  private static final int AUTO_VALIDATION_MAX = 1000;
  private static final double AUTO_VALIDATION_SHARE = 0.1;

  public JobSpec {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(learner, "learner");
    Objects.requireNonNull(mode, "mode");
    requirePositive("batch size", batchSize);
    requirePositive("steps", steps);
    requirePositive("validateEvery", validateEvery);
    if (validationSize < AUTO_VALIDATION) {
      throw new IllegalArgumentException("validation size must be >= 0 (or AUTO_VALIDATION), got " + validationSize);
    }
    if (mode == LearnerMode.LEARN && validationSize == 0) {
      throw new IllegalArgumentException("a LEARN job needs a clean validation set (validationSize > 0)");
    }
  }

  /** A spec that fails the job when its learner is unknown (the usual case). */
  public JobSpec(String jobId, String dataset, String model, String optimizer, double weightDecay, int batchSize,
                 long steps, int trainLimit, int validationSize, long seed, String learner, LearnerMode mode,
                 int validateEvery, double lrMin, double lrMax, double fallbackLr) {
    this(jobId, dataset, model, optimizer, weightDecay, batchSize, steps, trainLimit, validationSize, seed, learner,
        mode, validateEvery, lrMin, lrMax, fallbackLr, false);
  }

  private static void requirePositive(String what, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be >= 1, got " + value);
    }
  }

  /** The validation samples to hold out of {@code trainSamples}: the spec's size, or the automatic one. */
  public int validationSamples(int trainSamples) {
    if (validationSize != AUTO_VALIDATION) {
      return validationSize;
    }
    return (int) Math.min(AUTO_VALIDATION_MAX, Math.floor(trainSamples * AUTO_VALIDATION_SHARE));
  }

  /** A small Fashion-MNIST MLP job in FROZEN mode on the default learner. */
  public static JobSpec defaults(String jobId) {
    return new JobSpec(jobId, "fashion-mnist", "mlp", "sgd", 0.0, 64, 500, 0, 1000, 1, "default",
        LearnerMode.FROZEN, 50, 0.0, 1.0, 0.05);
  }

  public JobSpec withLearner(String name, LearnerMode newMode) {
    return new JobSpec(jobId, dataset, model, optimizer, weightDecay, batchSize, steps, trainLimit, validationSize,
        seed, name, newMode, validateEvery, lrMin, lrMax, fallbackLr, allowFallback);
  }

  public JobSpec withSteps(long n) {
    return new JobSpec(jobId, dataset, model, optimizer, weightDecay, batchSize, n, trainLimit, validationSize,
        seed, learner, mode, validateEvery, lrMin, lrMax, fallbackLr, allowFallback);
  }

  public JobSpec withTask(String newDataset, String newModel, int newBatchSize, int newTrainLimit) {
    return new JobSpec(jobId, newDataset, newModel, optimizer, weightDecay, newBatchSize, steps, newTrainLimit,
        validationSize, seed, learner, mode, validateEvery, lrMin, lrMax, fallbackLr, allowFallback);
  }
}
