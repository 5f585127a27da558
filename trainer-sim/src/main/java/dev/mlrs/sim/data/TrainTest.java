package dev.mlrs.sim.data;

import java.util.Objects;

/** A training split and a test split of the same data (same classes and shape). */
public record TrainTest(Dataset train, Dataset test) {

  public TrainTest {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    if (train.numClasses() != test.numClasses() || !train.shape().equals(test.shape())) {
      throw new IllegalArgumentException("train (" + train + ") and test (" + test + ") do not match");
    }
  }
}
