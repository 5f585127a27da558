package dev.mlrs.agent.learner;

import java.util.ArrayList;
import java.util.List;

/** Conversions between Avro's boxed arrays and plain arrays. */
public final class WeightArrays {
  private WeightArrays() {
  }

  public static double[] toArray(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  public static List<Double> toList(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double value : values) {
      out.add(value);
    }
    return out;
  }

  public static double[] floatsToArray(List<Float> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** Rounds to float32: the precision in which job state is stored. */
  public static List<Float> toFloatList(double[] values) {
    List<Float> out = new ArrayList<>(values.length);
    for (double value : values) {
      out.add((float) value);
    }
    return out;
  }
}
