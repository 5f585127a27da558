package dev.mlrs.experiments;

import dev.mlrs.sim.data.Dataset;
import dev.mlrs.sim.data.Datasets;
import dev.mlrs.sim.data.LabelNoise;
import dev.mlrs.sim.data.LoadOptions;
import dev.mlrs.sim.data.Split;
import dev.mlrs.sim.data.TrainTest;
import dev.mlrs.sim.data.TrainValidation;

/**
 * The data of one task for one seed: a clean validation split held out of the training split, label noise
 * (if any) on the rest of the training split only, and the (limited) test set. Every schedule run with the same
 * seed sees exactly these samples, in the same order.
 */
public record PreparedTask(TaskSpec spec, Dataset train, Dataset validation, Dataset test) {

  /** Loads the task's dataset (once per task: the base split does not depend on the seed). */
  public static TrainTest load(TaskSpec spec) {
    return Datasets.load(spec.dataset(), LoadOptions.defaults().withTrainLimit(spec.trainLimit())
        .withTestLimit(spec.testLimit()));
  }

  public static PreparedTask of(TaskSpec spec, TrainTest base, long seed) {
    TrainValidation split = Split.cleanValidation(base.train(), spec.validationSize(), seed);
    Dataset train = split.train();
    if (spec.noise() != null && spec.noise().rate() > 0) {
      train = LabelNoise.apply(train, LabelNoise.Kind.parse(spec.noise().kind()), spec.noise().rate(), seed)
          .dataset();
    }
    return new PreparedTask(spec, train, split.validation(), base.test());
  }

  public int stepsPerEpoch() {
    return Math.max(1, train.size() / spec.batchSize());
  }

  public long totalSteps() {
    return Math.max(1, Math.round(spec.epochs() * stepsPerEpoch()));
  }
}
