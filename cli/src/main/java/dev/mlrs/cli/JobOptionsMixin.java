package dev.mlrs.cli;

import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.sim.data.DataException;
import dev.mlrs.sim.data.Datasets;
import dev.mlrs.sim.data.KnownDataset;
import dev.mlrs.sim.job.JobSpec;
import dev.mlrs.sim.model.Models;
import dev.mlrs.sim.model.Optimizer;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options that describe a training job (shared by demo and train). */
final class JobOptionsMixin {
  @Option(names = "--dataset", defaultValue = "fashion-mnist",
      description = "fashion-mnist, mnist, digits, csv:FILE[,TESTFILE][;label=N][;header=yes|no] or "
          + "idx:IMAGES,LABELS[,TESTIMAGES,TESTLABELS] (docs/datasets.md; default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(names = "--model", defaultValue = "mlp", description = "mlp, cnn or wide-cnn (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--optimizer", defaultValue = "sgd",
      description = "sgd, momentum or adam (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--weight-decay", defaultValue = "0",
      description = "Weight decay, applied with the LR (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--batch-size", defaultValue = "64", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--steps", defaultValue = "600", description = "Training steps per job (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--train-limit", defaultValue = "0",
      description = "Use at most this many training samples; 0 = all (default).")
  int trainLimit;

  @Option(names = "--validation-size", paramLabel = "N",
      description = "Clean validation samples held out of the training data for LEARN jobs' hypergradients "
          + "(default: min(1000, 10 %% of the training samples)).")
  Integer validationSize;

  @Option(names = "--validate-every", defaultValue = "50",
      description = "A LEARN job sends a hypergradient every this many steps (default: ${DEFAULT-VALUE}; the paper: "
          + "300).")
  int validateEvery;

  @Option(names = "--lr-max", defaultValue = "1.0",
      description = "Largest LR a job accepts (default: ${DEFAULT-VALUE}).")
  double lrMax;

  @Option(names = "--fallback-lr", defaultValue = "0.05",
      description = "LR a job uses until the first is served or when the service does not answer (default: "
          + "${DEFAULT-VALUE}).")
  double fallbackLr;

  @Option(names = "--seed", defaultValue = "1",
      description = "Seed of the weights and the data order (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--allow-fallback",
      description = "Train on the fallback LR when the service does not know the learner (default: such a job "
          + "fails at its first step, and the command checks the learner names before it starts any job).")
  boolean allowFallback;

  /**
   * Checks every option before anything is started (a broker takes seconds), naming the option that is wrong.
   *
   * @throws IllegalArgumentException with the option's name and the accepted values
   */
  void validate() {
    try {
      Datasets.check(dataset);
    } catch (DataException e) {
      throw new IllegalArgumentException("--dataset: " + e.getMessage(), e);
    }
    if (!Models.NAMES.contains(model)) {
      throw new IllegalArgumentException("--model: unknown model '" + model + "'; use one of "
          + String.join(", ", Models.NAMES));
    }
    try {
      Optimizer.parse(optimizer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--optimizer: " + e.getMessage(), e);
    }
    OptionChecks.atLeast("--steps", steps, 1);
    OptionChecks.atLeast("--batch-size", batchSize, 1);
    OptionChecks.atLeast("--train-limit", trainLimit, 0);
    OptionChecks.atLeast("--validate-every", validateEvery, 1);
    if (validationSize != null) {
      OptionChecks.atLeast("--validation-size", validationSize, 1);
    }
    OptionChecks.finiteAtLeast("--weight-decay", weightDecay, 0);
    OptionChecks.positiveFinite("--lr-max", lrMax);
    OptionChecks.finiteAtLeast("--fallback-lr", fallbackLr, 0);
    if (fallbackLr > lrMax) {
      throw new IllegalArgumentException("--fallback-lr " + fallbackLr + " is above --lr-max " + lrMax);
    }
  }

  /** The built-in dataset the jobs use, if any (to set up before they start). */
  Optional<KnownDataset> builtInDataset() {
    return Datasets.check(dataset);
  }

  JobSpec spec(String jobId, String learner, LearnerMode mode, long seedOffset) {
    return new JobSpec(jobId, dataset, model, optimizer, weightDecay, batchSize, steps, trainLimit,
        validationSize == null ? JobSpec.AUTO_VALIDATION : validationSize, seed + seedOffset, learner, mode,
        validateEvery, 0.0, lrMax, fallbackLr, allowFallback);
  }
}
