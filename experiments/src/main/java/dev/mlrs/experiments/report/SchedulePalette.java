package dev.mlrs.experiments.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One colour (and line style) per schedule, fixed for a whole report so a schedule looks the same on every chart.
 * Colours are assigned in name order, so the same set of schedules always gets the same colours.
 */
final class SchedulePalette {
  /** The "tab10" colours most plotting tools default to: distinct, and familiar to readers. */
  private static final List<Color> COLORS = List.of(new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf));
  /** After ten schedules colours repeat, so the line style changes to keep lines apart. */
  private static final List<float[]> DASHES = Arrays.asList(null, new float[] {10f, 6f},
      new float[] {3f, 4f}); // null: solid

  private final Map<String, Integer> index = new TreeMap<>();

  private SchedulePalette(Collection<String> schedules) {
    for (String schedule : new TreeSet<>(schedules)) {
      index.put(schedule, index.size());
    }
  }

  static SchedulePalette of(Collection<String> schedules) {
    return new SchedulePalette(schedules);
  }

  Color color(String schedule) {
    return COLORS.get(slot(schedule) % COLORS.size());
  }

  BasicStroke stroke(String schedule) {
    float[] dash = DASHES.get((slot(schedule) / COLORS.size()) % DASHES.size());
    return new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
  }

  private int slot(String schedule) {
    Integer slot = index.get(schedule);
    if (slot == null) {
      throw new IllegalArgumentException("schedule '" + schedule + "' is not in this palette " + index.keySet());
    }
    return slot;
  }
}
