package dev.mlrs.experiments;

/**
 * One schedule of an experiment, as a row of its results table: a hand-designed {@link BaselineEntry} trained
 * locally, or MLR-SNet {@link ServedEntry served} by the agent. In a plan file an entry with a {@code learner}
 * is served, any other is a baseline (docs/experiments.md).
 */
public sealed interface ScheduleEntry permits BaselineEntry, ServedEntry {

  /** The name reports use, unique within an experiment. */
  String name();
}
