package dev.mlrs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void emptyHistogramHasNoPercentiles() {
    LatencyHistogram histogram = new LatencyHistogram();
    assertTrue(Double.isNaN(histogram.quantileNanos(0.5)));
    assertTrue(Double.isNaN(histogram.maxNanos()));
  }

  @Test
  void percentilesAreWithinTheBucketResolutionAndTheMaxIsExact() {
    Random random = new Random(7);
    long[] samples = new long[20_000];
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < samples.length; i++) {
      // log-normal round trips around 3 ms with a long tail
      samples[i] = (long) (3e6 * Math.exp(0.8 * random.nextGaussian()));
      histogram.record(samples[i]);
    }
    Arrays.sort(samples);
    for (double q : new double[] {0.01, 0.5, 0.9, 0.99, 0.999}) {
      long exact = samples[(int) Math.ceil(q * samples.length) - 1];
      assertEquals(exact, histogram.quantileNanos(q), exact / 64.0, "q=" + q);
    }
    assertEquals(samples[samples.length - 1], histogram.maxNanos(), 0.0);
    assertEquals(samples.length, histogram.count());
  }

  @Test
  void bucketsCoverTheWholeRangeInOrder() {
    int previous = -1;
    for (long value : new long[] {0, 1, 127, 128, 129, 255, 256, 1_000, 1L << 20, 5_000_000_000L, Long.MAX_VALUE}) {
      int index = LatencyHistogram.index(value);
      assertTrue(index >= previous, "index never shrinks as the value grows, at " + value);
      double midpoint = LatencyHistogram.midpoint(index);
      assertEquals(value, midpoint, Math.max(0.5, value / 64.0), "midpoint near the value at " + value);
      previous = index;
    }
  }

  @Test
  void smallValuesAreExact() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 1; i <= 100; i++) {
      histogram.record(i);
    }
    assertEquals(50, histogram.quantileNanos(0.5), 0.0);
    assertEquals(99, histogram.quantileNanos(0.99), 0.0);
  }
}
