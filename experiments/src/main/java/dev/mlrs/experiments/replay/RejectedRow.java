package dev.mlrs.experiments.replay;

/** A dead letter of the rejected topic keyed by a job: which input record the agent could not use, and why. */
public record RejectedRow(String job, String sourceTopic, int partition, long offset, String reason,
                          long rejectedAtMillis) {
}
