package dev.mlrs.cli;

import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.sim.job.JobSpec;
import picocli.CommandLine.Option;

/** Options that describe a training job (shared by demo and train). */
final class JobOptionsMixin {
  @Option(names = "--dataset", defaultValue = "fashion-mnist",
      description = "fashion-mnist, mnist, digits, csv:FILE[,TESTFILE] or idx:IMAGES,LABELS[,TESTIMAGES,TESTLABELS] "
          + "(default: ${DEFAULT-VALUE}).")
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

  @Option(names = "--validation-size", defaultValue = "1000",
      description = "Clean validation samples held out for LEARN jobs' hypergradients (default: ${DEFAULT-VALUE}).")
  int validationSize;

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

  JobSpec spec(String jobId, String learner, LearnerMode mode, long seedOffset) {
    return new JobSpec(jobId, dataset, model, optimizer, weightDecay, batchSize, steps, trainLimit,
        mode == LearnerMode.LEARN ? Math.max(1, validationSize) : validationSize, seed + seedOffset, learner, mode,
        validateEvery, 0.0, lrMax, fallbackLr);
  }
}
