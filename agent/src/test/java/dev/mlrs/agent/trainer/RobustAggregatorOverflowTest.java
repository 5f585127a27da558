package dev.mlrs.agent.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finite inputs give finite outputs: norms, caps and the aggregate never overflow to Infinity or NaN. */
class RobustAggregatorOverflowTest {

  @Test
  void theNormOfHugeFiniteEntriesIsComputedWithoutOverflow() {
    assertEquals(5e300, RobustAggregator.norm(new double[] {3e300, 4e300}), 1e286);
    assertEquals(5e-300, RobustAggregator.norm(new double[] {3e-300, 4e-300}), 1e-314);
  }

  @Test
  void cappingKeepsTheDirectionEvenWhenTheNormOverflows() {
    double[] g = new double[100];
    Arrays.fill(g, 1.5e308);
    g[0] = -1.5e308;
    double[] capped = RobustAggregator.capped(g, 100);
    assertEquals(100, RobustAggregator.norm(capped), 1e-9);
    assertEquals(-10, capped[0], 1e-9);
    assertEquals(10, capped[1], 1e-9);
  }

  @Test
  void aggregatingHugeJobsGivesAFiniteClippedMean() {
    double[] huge = new double[10];
    Arrays.fill(huge, 1.7e308);
    double[] small = new double[10];
    Arrays.fill(small, 1e-3);
    RobustAggregator.Result r = RobustAggregator.aggregate(List.of(huge, huge, small), 1.0, 100);
    assertTrue(Arrays.stream(r.gradient()).allMatch(Double::isFinite), Arrays.toString(r.gradient()));
    assertEquals(100, r.clipNorm(), 0.0);
    assertEquals(2, r.clipped());
    // both huge jobs clipped to norm 100 in their own direction, the small one as it is
    assertEquals((2 * 100 / Math.sqrt(10) + 1e-3) / 3, r.gradient()[0], 1e-9);
  }

  @Test
  void zeroNormsDoNotDivideByZero() {
    RobustAggregator.Result r = RobustAggregator.aggregate(List.of(new double[3], new double[] {1, 0, 0}), 1.0, 100);
    assertTrue(Arrays.stream(r.gradient()).allMatch(Double::isFinite), Arrays.toString(r.gradient()));
  }
}
