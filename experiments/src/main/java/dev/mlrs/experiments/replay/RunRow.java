package dev.mlrs.experiments.replay;

/** A job's run-results record: how the run ended. */
public record RunRow(String job, long lastStep, double validationLoss, Double validationAccuracy, boolean diverged,
                     long timestampMillis) {
}
