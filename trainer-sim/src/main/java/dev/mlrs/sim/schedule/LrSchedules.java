package dev.mlrs.sim.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the baseline schedules by name from named parameters (as an experiment file gives them):
 * <ul>
 *   <li>{@code fixed}: lr</li>
 *   <li>{@code multistep}: lr, factor (0.1), milestone1, milestone2, … as fractions of the run (0.5, 0.75)</li>
 *   <li>{@code exponential}: lr, finalFactor (the LR at the end is lr · finalFactor)</li>
 *   <li>{@code cosine}: lr</li>
 *   <li>{@code sgdr}: lr, cycles</li>
 *   <li>{@code onecycle}: maxLr, pctStart (0.3), divFactor (25), finalDivFactor (1e4)</li>
 *   <li>{@code plateau}: lr, factor (0.1), patience (1), window (steps; half an epoch), minLr (1e-5),
 *       threshold (1e-4)</li>
 * </ul>
 * Values in brackets are defaults; the others must be given. Unknown names, missing or invalid values and
 * parameters a schedule does not take are IllegalArgumentExceptions naming the culprit.
 *
 * <p>SGD-HD is not here: it needs the gradients, not just the loss; see {@link HypergradientDescentListener}.
 */
public final class LrSchedules {

  public static final List<String> NAMES =
      List.of("fixed", "multistep", "exponential", "cosine", "sgdr", "onecycle", "plateau");

  private LrSchedules() {
  }

  public static LrSchedule create(String name, Map<String, Double> params, ScheduleContext context) {
    if (name == null) {
      throw new IllegalArgumentException("a schedule name is required; use one of " + NAMES);
    }
    Objects.requireNonNull(context, "context");
    String key = name.trim().toLowerCase(Locale.ROOT);
    ScheduleParams p = new ScheduleParams(key, params);
    long steps = context.totalSteps();
    LrSchedule schedule = switch (key) {
      case "fixed" -> new FixedSchedule(p.positive("lr"));
      case "multistep" -> new MultiStepSchedule(p.positive("lr"), milestones(p),
          p.openFraction("factor", MultiStepSchedule.DEFAULT_FACTOR), steps);
      case "exponential" -> new ExponentialSchedule(p.positive("lr"), p.fractionUpToOne("finalFactor", Double.NaN),
          steps);
      case "cosine" -> new CosineSchedule(p.positive("lr"), steps);
      case "sgdr" -> new SgdrSchedule(p.positive("lr"), (int) p.count("cycles", Double.NaN), steps);
      case "onecycle" -> new OneCycleSchedule(p.positive("maxLr"),
          p.openFraction("pctStart", OneCycleSchedule.DEFAULT_PCT_START),
          p.positive("divFactor", OneCycleSchedule.DEFAULT_DIV_FACTOR),
          p.positive("finalDivFactor", OneCycleSchedule.DEFAULT_FINAL_DIV_FACTOR), steps);
      case "plateau" -> new PlateauSchedule(p.positive("lr"),
          p.openFraction("factor", PlateauSchedule.DEFAULT_FACTOR),
          (int) p.count("patience", PlateauSchedule.DEFAULT_PATIENCE),
          p.count("window", PlateauSchedule.defaultWindow(context.stepsPerEpoch())),
          p.nonNegative("minLr", PlateauSchedule.DEFAULT_MIN_LR),
          p.nonNegative("threshold", PlateauSchedule.DEFAULT_THRESHOLD));
      default -> throw new IllegalArgumentException("unknown schedule '" + name + "'; use one of "
          + String.join(", ", NAMES) + " (hd, SGD with hypergradient descent, is a training listener: "
          + "HypergradientDescentListener)");
    };
    p.rejectUnread();
    return schedule;
  }

  /** milestone1, milestone2, … (consecutive from 1), or the defaults when none is given. */
  private static double[] milestones(ScheduleParams p) {
    List<Double> fractions = new ArrayList<>();
    for (int i = 1; p.has("milestone" + i); i++) {
      fractions.add(p.openFraction("milestone" + i, Double.NaN));
    }
    if (fractions.isEmpty()) {
      p.openFraction("milestone1", MultiStepSchedule.DEFAULT_MILESTONES[0]); // marks the name as known
      return MultiStepSchedule.DEFAULT_MILESTONES.clone();
    }
    return fractions.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
