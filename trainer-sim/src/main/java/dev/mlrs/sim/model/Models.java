package dev.mlrs.sim.model;

import dev.mlrs.sim.data.Dataset;
import dev.mlrs.sim.data.InputShape;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Builds initialised, seeded networks by name for a dataset's input shape and class count:
 * <ul>
 *   <li>{@code mlp}: flat input, ReLU layers {@link ModelOptions#mlpHiddenLayers()} (default 256-128), softmax;</li>
 *   <li>{@code cnn}: conv 3x3x8 → pool → conv 3x3x16 → pool → dense 64 (padded for small images);</li>
 *   <li>{@code wide-cnn}: conv 32-32 → pool → conv 64-64 → pool → dense 256;</li>
 *   <li>{@code resnet-mlp}: dense stem and two residual blocks (a ComputationGraph; only through
 *       {@link #buildNet}).</li>
 * </ul>
 * All use softmax + multi-class cross-entropy, float32, the optimizer, learning rate (or caller's schedule)
 * and weight decay of {@link ModelOptions}.
 */
public final class Models {

  public static final List<String> NAMES = List.of("mlp", "cnn", "wide-cnn", "resnet-mlp");

  private Models() {
  }

  /** A MultiLayerNetwork model ("mlp", "cnn", "wide-cnn") for the dataset's shape and classes. */
  public static MultiLayerNetwork build(String name, Dataset data, ModelOptions options) {
    return build(name, data.shape(), data.numClasses(), options);
  }

  public static MultiLayerNetwork build(String name, InputShape shape, int numClasses, ModelOptions options) {
    return switch (normalise(name)) {
      case "mlp" -> MlpFactory.build(shape, checkClasses(numClasses), options);
      case "cnn" -> CnnFactory.build(shape, checkClasses(numClasses), options);
      case "wide-cnn" -> WideCnnFactory.build(shape, checkClasses(numClasses), options);
      case "resnet-mlp" -> throw new IllegalArgumentException(
          "'resnet-mlp' is a ComputationGraph, not a MultiLayerNetwork; build it with Models.buildNet");
      default -> throw unknown(name);
    };
  }

  /** Any model, including "resnet-mlp", behind the common {@link TrainableNet} handle. */
  public static TrainableNet buildNet(String name, Dataset data, ModelOptions options) {
    return buildNet(name, data.shape(), data.numClasses(), options);
  }

  public static TrainableNet buildNet(String name, InputShape shape, int numClasses, ModelOptions options) {
    String key = normalise(name);
    if (key.equals("resnet-mlp")) {
      return TrainableNet.of(key, ResidualMlpFactory.build(shape, checkClasses(numClasses), options));
    }
    return TrainableNet.of(key, build(key, shape, numClasses, options));
  }

  private static String normalise(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case "widecnn", "wide_cnn" -> "wide-cnn";
      case "resnet", "resmlp", "resnet_mlp" -> "resnet-mlp";
      default -> key;
    };
  }

  private static int checkClasses(int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
    }
    return numClasses;
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException("unknown model '" + name + "'; use one of " + NAMES);
  }
}
