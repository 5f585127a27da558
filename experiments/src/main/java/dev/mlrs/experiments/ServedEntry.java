package dev.mlrs.experiments;

import dev.mlrs.schemas.LearnerMode;
import java.util.Objects;
import java.util.Optional;

/**
 * MLR-SNet served by the agent.
 *
 * @param name     name in the reports
 * @param learner  the learner; {@code {task}} in it is replaced by the task's name, so that one entry can give
 *                 each task its own learner
 * @param mode     LEARN (the runs train the learner online) or FROZEN (default)
 * @param forkFrom null, or a learner name or {@code file:PATH} that the learner is forked from (a fresh copy)
 *                 at the start of each task; {@code {task}} is replaced as in {@code learner}
 */
public record ServedEntry(String name, String learner, LearnerMode mode, String forkFrom) implements ScheduleEntry {

  /** Marks a fork source that is a learner file rather than a learner on the cluster. */
  public static final String FILE_SOURCE = "file:";

  public ServedEntry {
    Objects.requireNonNull(name, "schedule name");
    Objects.requireNonNull(learner, "learner of schedule " + name);
    mode = mode == null ? LearnerMode.FROZEN : mode;
  }

  public boolean learns() {
    return mode == LearnerMode.LEARN;
  }

  /** The learner the runs of {@code task} use. */
  public String learnerFor(String task) {
    return learner.replace("{task}", task);
  }

  /** Where the learner of {@code task} is forked from, if it is. */
  public Optional<String> forkSourceFor(String task) {
    return Optional.ofNullable(forkFrom).map(source -> source.replace("{task}", task));
  }
}
