package dev.mlrs.client;

/**
 * What one client has seen so far.
 *
 * @param reports            step reports sent
 * @param replies            decisions that arrived in time (served and rejected)
 * @param rejected           of those, REJECTED decisions (or OK ones without a usable LR)
 * @param timeouts           steps for which no decision arrived in time
 * @param sendFailures       step reports the producer could not send
 * @param fallbacks          replies that used the fallback LR (rejected + timeouts + send failures + closed)
 * @param lateReplies        decisions that arrived after their step had timed out (dropped)
 * @param ignoredReplies     other decisions for this job that matched no waiting step (stale, unreadable)
 * @param duplicateReplies   second decisions identical to the first for their step (an at-least-once agent
 *                           answers a report re-delivered after a crash again); ignored
 * @param conflictingReplies second decisions that differ from the first for their step; ignored, the first is kept
 * @param validationsSent    validation reports sent
 * @param validationsSkipped validation reports not sent (the step's LR was a fallback, or a non-finite value)
 * @param latencyP50Ms       median round trip of the decisions that arrived in time; NaN when none did
 * @param latencyP99Ms       99th percentile of those round trips (histogram, within 2 %); NaN when none
 * @param latencyMaxMs       largest of those round trips (exact); NaN when none
 */
public record ClientStats(long reports, long replies, long rejected, long timeouts, long sendFailures,
                          long fallbacks, long lateReplies, long ignoredReplies, long duplicateReplies,
                          long conflictingReplies, long validationsSent,
                          long validationsSkipped, double latencyP50Ms, double latencyP99Ms, double latencyMaxMs) {
}
