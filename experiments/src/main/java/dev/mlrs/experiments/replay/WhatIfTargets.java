package dev.mlrs.experiments.replay;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.schemas.LearnerParams;

/**
 * Parses what a recorded job set is compared with: {@code cosine[:START[:FLOOR]]}, a learner {@code NAME} (its
 * latest version) or {@code NAME@VERSION} (from meta-params or learner-history).
 */
public final class WhatIfTargets {
  private WhatIfTargets() {
  }

  public static WhatIfSchedule parse(String spec, LearnerVersions versions, CellEngine engine) {
    if (spec.equals("cosine") || spec.startsWith("cosine:")) {
      String[] parts = spec.split(":");
      if (parts.length > 3) {
        throw new IllegalArgumentException("cosine takes at most a start and a floor: cosine[:START[:FLOOR]]");
      }
      Double start = parts.length > 1 ? number(parts[1], spec) : null;
      double floor = parts.length > 2 ? number(parts[2], spec) : 0.0;
      return new CosineWhatIf(start, floor);
    }
    int at = spec.lastIndexOf('@');
    String name = at < 0 ? spec : spec.substring(0, at);
    Long version = null;
    if (at >= 0) {
      try {
        version = Long.parseLong(spec.substring(at + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + spec + "': the version after @ must be a number");
      }
    }
    final Long asked = version;
    LearnerParams params = versions.find(name, version).orElseThrow(() -> new IllegalArgumentException(
        asked == null ? "the cluster has no learner '" + name + "' (it has: " + versions.names() + ")"
            : "learner " + name + " version " + asked + " is neither on meta-params nor on learner-history "
            + "(available: " + versions.available(name) + ")"));
    return new LearnerWhatIf(Learner.of(params), engine);
  }

  private static double number(String text, String spec) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + spec + "': '" + text + "' is not a number");
    }
  }
}
