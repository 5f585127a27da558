package dev.mlrs.sim.data;

/** Turns raw CSV rows into flat features in [0, 1]. */
final class CsvScaling {

  private CsvScaling() {
  }

  /** Divides every value by {@code max} (for data with a known range, e.g. digits 0..16). */
  static float[] divideBy(float[][] rows, float max, String source) {
    int width = rows[0].length;
    float[] flat = new float[rows.length * width];
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < width; c++) {
        float v = rows[r][c];
        if (v < 0 || v > max) {
          throw new DataException(source + ": value " + v + " in row " + r + " is outside [0, " + max + "]");
        }
        flat[r * width + c] = v / max;
      }
    }
    return flat;
  }

  /** Per-column min-max bounds of the reference (training) rows: [0] minima, [1] maxima. */
  static float[][] columnRanges(float[][] reference) {
    int width = reference[0].length;
    float[] min = new float[width];
    float[] max = new float[width];
    java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
    for (float[] row : reference) {
      for (int c = 0; c < width; c++) {
        min[c] = Math.min(min[c], row[c]);
        max[c] = Math.max(max[c], row[c]);
      }
    }
    return new float[][] {min, max};
  }

  /**
   * Min-max scaling with bounds taken from the training rows only (no test statistics leak in); test values
   * outside the training range are clamped. Constant columns become 0.
   */
  static float[] minMax(float[][] rows, float[][] ranges) {
    float[] min = ranges[0];
    float[] max = ranges[1];
    int width = min.length;
    float[] flat = new float[rows.length * width];
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < width; c++) {
        float span = max[c] - min[c];
        float v = span > 0 ? (rows[r][c] - min[c]) / span : 0f;
        flat[r * width + c] = Math.min(1f, Math.max(0f, v));
      }
    }
    return flat;
  }
}
