package dev.mlrs.sim.data;

import java.util.Objects;

/** The training split after holding out a clean validation set from it. */
public record TrainValidation(Dataset train, Dataset validation) {

  public TrainValidation {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
  }
}
