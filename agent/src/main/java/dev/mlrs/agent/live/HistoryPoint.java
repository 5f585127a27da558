package dev.mlrs.agent.live;

import java.nio.ByteBuffer;

/**
 * One served step of a job, as kept in the job-history store: 40 bytes, so that a job's
 * whole ring of {@link JobHistory#CAPACITY} points stays small and the job state itself does not grow.
 *
 * @param step           the job's step
 * @param loss           the minibatch loss the job reported
 * @param lr             the LR served
 * @param learnerVersion the learner version that served it
 * @param timestampMillis the step record's timestamp
 */
public record HistoryPoint(long step, double loss, double lr, long learnerVersion, long timestampMillis) {
  static final int BYTES = 40;

  byte[] encode() {
    return ByteBuffer.allocate(BYTES).putLong(step).putDouble(loss).putDouble(lr).putLong(learnerVersion)
        .putLong(timestampMillis).array();
  }

  static HistoryPoint decode(byte[] bytes) {
    if (bytes == null || bytes.length != BYTES) {
      throw new IllegalArgumentException("a history point has " + BYTES + " bytes, got "
          + (bytes == null ? "null" : bytes.length));
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new HistoryPoint(b.getLong(), b.getDouble(), b.getDouble(), b.getLong(), b.getLong());
  }
}
