package dev.mlrs.sim.experiment;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One schedule of an experiment, as a row of its results table.
 *
 * <ul>
 *   <li>A hand-designed baseline: {@code schedule} names the local schedule (fixed, multistep, exponential,
 *       cosine, sgdr, onecycle, plateau, hd), {@code grid} lists the hyperparameter settings tried when tuning
 *       (each a map such as {lr: 0.1}); {@code optimizer} may override the task's (the Adam baseline is the
 *       fixed schedule with optimizer adam).</li>
 *   <li>MLR-SNet through the agent: {@code learner} names the learner, {@code mode} is LEARN or FROZEN, and
 *       {@code forkFrom} (a learner name or file:PATH) makes the learner a fresh copy at the start of the
 *       experiment.</li>
 * </ul>
 */
public record ScheduleEntry(String name, String schedule, String optimizer, List<Map<String, Double>> grid,
                            String learner, String mode, String forkFrom) {

  public ScheduleEntry {
    Objects.requireNonNull(name, "schedule name");
    schedule = schedule == null ? name : schedule;
    grid = grid == null ? List.of() : List.copyOf(grid);
  }

  public boolean served() {
    return learner != null;
  }

  /** The learner name with {task} replaced, so one entry can give each task its own learner. */
  public String learnerFor(String task) {
    return learner == null ? null : learner.replace("{task}", task);
  }

  public String forkSourceFor(String task) {
    return forkFrom == null ? null : forkFrom.replace("{task}", task);
  }
}
