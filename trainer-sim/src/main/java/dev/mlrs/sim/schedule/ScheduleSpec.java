package dev.mlrs.sim.schedule;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A schedule by name with its parameters, as reports show it: {@code cosine(lr=0.1)},
 * {@code sgdr(lr=0.1, cycles=3)}. Parameters keep the order they were given in.
 */
public record ScheduleSpec(String name, Map<String, Double> params) {

  public ScheduleSpec {
    Objects.requireNonNull(name, "name");
    LinkedHashMap<String, Double> copy = new LinkedHashMap<>();
    (params == null ? Map.<String, Double>of() : params).forEach((key, value) ->
        copy.put(Objects.requireNonNull(key, "parameter name"), Objects.requireNonNull(value, "value of " + key)));
    params = Collections.unmodifiableMap(copy);
  }

  /** The schedule for a run; see {@link LrSchedules#create}. */
  public LrSchedule create(ScheduleContext context) {
    return LrSchedules.create(name, params, context);
  }

  /** Reads what {@link #toString()} writes: "cosine(lr=0.1)", "sgdr(lr=0.1, cycles=3)", or a bare "cosine". */
  public static ScheduleSpec parse(String text) {
    String s = text.trim();
    int open = s.indexOf('(');
    if (open < 0) {
      return new ScheduleSpec(s, Map.of());
    }
    if (!s.endsWith(")")) {
      throw new IllegalArgumentException("a schedule looks like name(key=value, ...), got '" + text + "'");
    }
    Map<String, Double> params = new LinkedHashMap<>();
    String inside = s.substring(open + 1, s.length() - 1).trim();
    for (String pair : inside.isEmpty() ? new String[0] : inside.split(",")) {
      String[] keyValue = pair.split("=", -1);
      if (keyValue.length != 2 || keyValue[0].isBlank()) {
        throw new IllegalArgumentException("expected key=value in '" + text + "', got '" + pair.trim() + "'");
      }
      try {
        params.put(keyValue[0].trim(), Double.parseDouble(keyValue[1].trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + keyValue[0].trim() + "' in '" + text + "' is not a number: '"
            + keyValue[1].trim() + "'");
      }
    }
    return new ScheduleSpec(s.substring(0, open).trim(), params);
  }

  @Override
  public String toString() {
    return name + "(" + params.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue()))
        .collect(Collectors.joining(", ")) + ")";
  }

  /** Shortest plain decimal: 0.1, 3, 0.00001 (not 3.0 or 1.0E-5). */
  static String format(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
