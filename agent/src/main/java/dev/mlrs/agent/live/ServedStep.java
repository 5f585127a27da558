package dev.mlrs.agent.live;

import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.StepReport;

/** A step report and the decision the agent made for it: what the step processor hands to the observer. */
public record ServedStep(StepReport report, LrDecision decision) {
}
