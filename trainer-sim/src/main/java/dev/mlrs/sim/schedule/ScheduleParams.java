package dev.mlrs.sim.schedule;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one schedule's named parameters and says precisely what is wrong with them: a missing or invalid
 * value names the schedule and the parameter, and a parameter no one read (a typo) is rejected too.
 */
final class ScheduleParams {

  private final String schedule;
  private final Map<String, Double> values;
  private final Set<String> read = new LinkedHashSet<>();

  ScheduleParams(String schedule, Map<String, Double> values) {
    this.schedule = schedule;
    this.values = values == null ? Map.of() : values;
  }

  boolean has(String name) {
    return values.get(name) != null;
  }

  /** A parameter that must be given, finite and > 0. */
  double positive(String name) {
    return positive(name, Double.NaN);
  }

  /** A parameter that must be finite and > 0; {@code fallback} when absent (NaN: it must be given). */
  double positive(String name, double fallback) {
    double value = value(name, fallback);
    if (!(value > 0) || Double.isInfinite(value)) {
      throw invalid(name, value, "finite and > 0");
    }
    return value;
  }

  double nonNegative(String name, double fallback) {
    double value = value(name, fallback);
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw invalid(name, value, "finite and >= 0");
    }
    return value;
  }

  /** Strictly between 0 and 1. */
  double openFraction(String name, double fallback) {
    double value = value(name, fallback);
    if (!(value > 0 && value < 1)) {
      throw invalid(name, value, "in (0, 1)");
    }
    return value;
  }

  /** In (0, 1]. */
  double fractionUpToOne(String name, double fallback) {
    double value = value(name, fallback);
    if (!(value > 0 && value <= 1)) {
      throw invalid(name, value, "in (0, 1]");
    }
    return value;
  }

  /** A whole number >= 1 (parameters arrive as doubles). */
  long count(String name, double fallback) {
    double value = value(name, fallback);
    if (!(value >= 1 && value == Math.rint(value) && value <= Integer.MAX_VALUE)) {
      throw invalid(name, value, "a whole number >= 1");
    }
    return (long) value;
  }

  /** Rejects parameters the schedule does not take, listing those it does. */
  void rejectUnread() {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(read);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("schedule '" + schedule + "' has no parameter"
          + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown.stream().map(n -> "'" + n + "'").toList()) + "; it takes " + read);
    }
  }

  private double value(String name, double fallback) {
    read.add(name);
    Double value = values.get(name);
    if (value != null) {
      return value;
    }
    if (Double.isNaN(fallback)) {
      throw new IllegalArgumentException("schedule '" + schedule + "' needs parameter '" + name + "'");
    }
    return fallback;
  }

  private IllegalArgumentException invalid(String name, double value, String requirement) {
    return new IllegalArgumentException("schedule '" + schedule + "': parameter '" + name + "' must be " + requirement
        + ", got " + value);
  }
}
