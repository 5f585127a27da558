package dev.mlrs.sim.job;

/** What happened at one training step: the loss reported and the LR the step trained with. */
public record StepRecord(long step, double loss, double lr, boolean fallback, long learnerVersion, double roundTripMs) {
}
