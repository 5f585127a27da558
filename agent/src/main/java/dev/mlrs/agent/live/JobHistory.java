package dev.mlrs.agent.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Layout of the job-history store: a bounded ring of the last {@link #CAPACITY} steps per job. The key is
 * "job NUL slot" with slot = step mod CAPACITY, so a job never holds more than CAPACITY entries, each write
 * is one small record (no read-modify-write of a growing list), and the job's points are one prefix scan.
 */
public final class JobHistory {
  /** Steps kept per job. */
  public static final int CAPACITY = 200;
  private static final char SEPARATOR = '\u0000';

  private JobHistory() {
  }

  static String key(String job, long step) {
    // Zero-padded to 3 digits by hand: String.format here was 7 % of the step processor's CPU time (JFR).
    int slot = (int) Math.floorMod(step, (long) CAPACITY);
    return prefix(job) + (slot < 10 ? "00" : slot < 100 ? "0" : "") + slot;
  }

  static String prefix(String job) {
    return job + SEPARATOR;
  }

  /** The job's kept points, oldest first. */
  public static List<HistoryPoint> of(ReadOnlyKeyValueStore<String, byte[]> store, String job) {
    List<HistoryPoint> points = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix(job), new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> entry = it.next();
        points.add(HistoryPoint.decode(entry.value));
      }
    }
    points.sort(Comparator.comparingLong(HistoryPoint::step));
    return points;
  }
}
