package dev.mlrs.sim.model;

import java.util.Locale;

/** The update rule; the learning rate comes separately from {@link ModelOptions}. */
public enum Optimizer {
  /** Plain SGD. */
  SGD,
  /** SGD with Nesterov momentum (DL4J Nesterovs). */
  MOMENTUM,
  ADAM;

  /** "sgd", "momentum" (or "nesterov", "nesterovs"), "adam". */
  public static Optimizer parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "sgd" -> SGD;
      case "momentum", "nesterov", "nesterovs" -> MOMENTUM;
      case "adam" -> ADAM;
      default -> throw new IllegalArgumentException("unknown optimizer '" + text + "'; use sgd, momentum or adam");
    };
  }
}
