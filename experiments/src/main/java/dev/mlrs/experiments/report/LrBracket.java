package dev.mlrs.experiments.report;

import java.util.Arrays;

/**
 * Where tuning's chosen learning rate sits among the learning rates it tried. A choice at the edge of a grid
 * may only mean the grid stopped too early, which makes the baseline look worse than it is; the runner widens
 * such grids (docs/experiments.md, "Tuning") and records here how that ended.
 */
public enum LrBracket {
  /** Not tuned (a served schedule, a single setting) or the grid does not vary the learning rate. */
  NONE(""),
  /** Tried learning rates below and above the chosen one: the optimum is bracketed. */
  INSIDE("inside"),
  /** The chosen learning rate is the lowest tried, even after widening the grid as far as allowed. */
  LOWEST("lowest"),
  /** The chosen learning rate is the highest tried, even after widening the grid as far as allowed. */
  HIGHEST("highest"),
  /** Every setting tried diverged. */
  DIVERGED("diverged");

  /** How it is written in results.csv. */
  public final String label;

  LrBracket(String label) {
    this.label = label;
  }

  public boolean bracketed() {
    return this == INSIDE;
  }

  /** The value of a results.csv cell; blank is {@link #NONE}. */
  public static LrBracket parse(String label) {
    String value = label.strip();
    return Arrays.stream(values()).filter(b -> b.label.equals(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown lr_bracket '" + label + "'; expected one of "
            + Arrays.stream(values()).map(b -> "'" + b.label + "'").toList()));
  }
}
