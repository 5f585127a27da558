package dev.mlrs.client;

/**
 * The learning rate for one step, served by the service or taken from the job's fallback.
 *
 * <p>For a fallback that was not caused by a decision of the service (timeout, send failure, closed
 * client) there is no decision to describe: learner is null, learnerVersion and stage are -1, gamma and
 * output are NaN. A REJECTED decision keeps the learner fields the service sent.
 *
 * @param step           the step this LR is for
 * @param lr             the learning rate to use for this step
 * @param fallback       true when lr comes from the job's fallback, not from the service
 * @param reason         why the fallback was used; null for a served LR
 * @param learner        name of the learner that produced the LR
 * @param learnerVersion version of the learner's weights; -1 when none was used
 * @param stage          learner stage used
 * @param gamma          LR scale gamma used by the service
 * @param output         the learner's sigmoid output (lr = gamma * output before clamping)
 * @param clamped        true when the service clamped gamma * output to [lrMin, lrMax]
 * @param roundTripNanos time from sending the step report to the reply, or the time waited for a fallback
 */
public record LrReply(long step, double lr, boolean fallback, String reason, String learner, long learnerVersion,
                      int stage, double gamma, double output, boolean clamped, long roundTripNanos) {

  /** A fallback with no decision of the service behind it. */
  static LrReply fallback(long step, double lr, String reason, long waitedNanos) {
    return new LrReply(step, lr, true, reason, null, -1, -1, Double.NaN, Double.NaN, false, waitedNanos);
  }

  public double roundTripMillis() {
    return roundTripNanos / 1e6;
  }
}
