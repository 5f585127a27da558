package dev.mlrs.cli;

/** Range checks of numeric options whose messages name the option (picocli checks only the types). */
final class OptionChecks {
  private OptionChecks() {
  }

  static void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
    }
  }

  static void finiteAtLeast(String option, double value, double min) {
    if (!Double.isFinite(value) || value < min) {
      throw new IllegalArgumentException(option + " must be a finite number >= " + min + ", got " + value);
    }
  }

  static void positiveFinite(String option, double value) {
    if (!Double.isFinite(value) || value <= 0) {
      throw new IllegalArgumentException(option + " must be a finite number > 0, got " + value);
    }
  }
}
