package dev.mlrs.experiments;

import dev.mlrs.sim.data.Datasets;
import dev.mlrs.sim.model.Models;
import dev.mlrs.sim.model.Optimizer;
import java.util.Objects;

/**
 * One training task of an experiment: data, model, optimizer and budget.
 *
 * @param name           short name used in reports, e.g. fmnist-mlp
 * @param dataset        dataset spec (fashion-mnist, mnist, digits, csv:..., idx:...)
 * @param model          mlp, cnn, wide-cnn
 * @param optimizer      sgd or momentum (a schedule entry may override it, e.g. the Adam baseline)
 * @param weightDecay    weight decay applied with the LR
 * @param batchSize      minibatch size
 * @param epochs         passes over the (limited) training set; the run has epochs * floor(train / batch) steps
 * @param trainLimit     training samples used (0 = all), taken before the validation split
 * @param testLimit      test samples used for accuracy (0 = all)
 * @param validationSize clean samples held out of the training split: hypergradients of MLR-SNet and tuning
 * @param noise          label noise on the training split only (null = none)
 */
public record TaskSpec(String name, String dataset, String model, String optimizer, double weightDecay, int batchSize,
                       double epochs, int trainLimit, int testLimit, int validationSize, NoiseSpec noise) {

  public TaskSpec {
    Objects.requireNonNull(name, "task name");
    Objects.requireNonNull(dataset, "dataset of task " + name);
    model = model == null ? "mlp" : model;
    optimizer = optimizer == null ? "sgd" : optimizer;
    if (batchSize < 1 || !(epochs > 0) || validationSize < 1 || trainLimit < 0 || testLimit < 0) {
      throw new IllegalArgumentException("task " + name + ": batchSize, epochs and validationSize must be positive");
    }
    // Checked when the plan is read, so that a typo fails before a broker starts or a run trains.
    try {
      Datasets.check(dataset);
      Optimizer.parse(optimizer);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("task " + name + ": " + e.getMessage(), e);
    }
    if (!Models.NAMES.contains(model)) {
      throw new IllegalArgumentException("task " + name + ": unknown model '" + model + "'; use one of "
          + String.join(", ", Models.NAMES));
    }
  }

  /** Label noise: kind uniform or pair-flip, rate in [0, 1). */
  public record NoiseSpec(String kind, double rate) {
    public NoiseSpec {
      if (!(rate >= 0 && rate < 1)) {
        throw new IllegalArgumentException("noise rate must lie in [0, 1), got " + rate);
      }
    }
  }
}
