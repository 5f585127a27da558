package dev.mlrs.bench;

/**
 * One row of the benchmark table.
 *
 * @param measure    what was measured, e.g. "LR round trip (one job)"
 * @param setup      under which setup
 * @param unit       unit of {@code p50} and {@code p99}
 * @param p50        the median (for a rate: the rate)
 * @param p99        the 99th percentile; NaN where it does not apply
 * @param ratio      against the row's reference, measured in the same run: a latency's median over the raw Kafka
 *                   ping-pong's median, a rate over the no-op passthrough's rate; NaN where it does not apply
 */
public record Measurement(String measure, String setup, Unit unit, double p50, double p99, double ratio) {

  /** Units of the table, with the precision they are printed at. */
  public enum Unit {
    MICROSECONDS("%.2f us"), MILLISECONDS("%.1f ms"), PER_SECOND("%.0f /s"), BYTES("%.0f B"), COUNT("%.0f");

    private final String format;

    Unit(String format) {
      this.format = format;
    }

    /** The value with its unit, or "" for NaN. */
    public String format(double value) {
      return Double.isNaN(value) ? "" : String.format(format, value);
    }
  }

  static Measurement rate(String measure, String setup, double perSecond, double ratio) {
    return new Measurement(measure, setup, Unit.PER_SECOND, perSecond, Double.NaN, ratio);
  }

  static Measurement single(String measure, String setup, Unit unit, double value) {
    return new Measurement(measure, setup, unit, value, Double.NaN, Double.NaN);
  }
}
