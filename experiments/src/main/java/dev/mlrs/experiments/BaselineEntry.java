package dev.mlrs.experiments;

import dev.mlrs.sim.schedule.LrSchedules;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A hand-designed baseline schedule, run locally.
 *
 * @param name      name in the reports
 * @param schedule  the local schedule ({@link LrSchedules#NAMES} or {@code hd}); defaults to {@code name}
 * @param optimizer overrides the task's optimizer when not null (the Adam baseline is the fixed schedule with
 *                  optimizer adam)
 * @param grid      the hyperparameter settings tried when tuning, each a map such as {lr: 0.1}
 */
public record BaselineEntry(String name, String schedule, String optimizer, List<Map<String, Double>> grid)
    implements ScheduleEntry {

  /** SGD with hypergradient descent: a listener that needs the gradients, not an {@code LrSchedule}. */
  public static final String HYPERGRADIENT_DESCENT = "hd";

  public BaselineEntry {
    Objects.requireNonNull(name, "schedule name");
    schedule = (schedule == null ? name : schedule).trim().toLowerCase(Locale.ROOT);
    if (!schedule.equals(HYPERGRADIENT_DESCENT) && !LrSchedules.NAMES.contains(schedule)) {
      throw new IllegalArgumentException("schedule entry " + name + ": unknown schedule '" + schedule + "'; use one of "
          + String.join(", ", LrSchedules.NAMES) + ", " + HYPERGRADIENT_DESCENT
          + " (SGD with hypergradient descent), or give a learner to serve MLR-SNet");
    }
    grid = grid == null ? List.of() : List.copyOf(grid);
  }

  public boolean hypergradientDescent() {
    return schedule.equals(HYPERGRADIENT_DESCENT);
  }

  /** The optimizer the runs use: this entry's, else the task's. */
  public String optimizerFor(TaskSpec task) {
    return optimizer != null ? optimizer : task.optimizer();
  }
}
