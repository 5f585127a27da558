package dev.mlrs.sim.model;

import dev.mlrs.sim.data.InputShape;

/** Guards for models that need a spatial input. */
final class ImageInputs {

  private ImageInputs() {
  }

  static void require(InputShape shape, int minSide, String model) {
    if (!shape.isImage() || Math.min(shape.height(), shape.width()) < minSide) {
      throw new IllegalArgumentException("model '" + model + "' needs images of at least " + minSide + "x" + minSide
          + "; this data has shape " + shape + " (channels x height x width). Use 'mlp' or 'resnet-mlp' instead.");
    }
  }
}
