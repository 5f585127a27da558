package dev.mlrs.sim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {

  private static final int N = 500;
  private final Dataset data = SyntheticData.indexed(N, 5, 2);

  @Test
  void cleanValidationHoldsOutDisjointSamples() {
    TrainValidation tv = Split.cleanValidation(data, 100, 3);
    assertEquals(400, tv.train().size());
    assertEquals(100, tv.validation().size());
    Set<Integer> seen = new HashSet<>();
    for (Dataset part : new Dataset[] {tv.train(), tv.validation()}) {
      for (int i = 0; i < part.size(); i++) {
        int id = sampleId(part, i);
        assertEquals(data.label(id), part.label(i));
        seen.add(id);
      }
    }
    assertEquals(N, seen.size());
    assertArrayEquals(tv.validation().labels(), Split.cleanValidation(data, 100, 3).validation().labels());
    assertFalse(sameSamples(tv.validation(), Split.cleanValidation(data, 100, 4).validation()));
  }

  @Test
  void limitKeepsASeededSubsetOrEverything() {
    Dataset small = Split.limit(data, 50, 1);
    assertEquals(50, small.size());
    assertSame(data, Split.limit(data, 0, 1));
    assertSame(data, Split.limit(data, N, 1));
    assertThrows(IllegalArgumentException.class, () -> Split.limit(data, -1, 1));
  }

  @Test
  void randomSplitSizes() {
    TrainTest tt = Split.randomSplit(data, 120, 1);
    assertEquals(380, tt.train().size());
    assertEquals(120, tt.test().size());
    assertThrows(IllegalArgumentException.class, () -> Split.randomSplit(data, N, 1));
  }

  private static int sampleId(Dataset d, int i) {
    return Math.round(d.featureArray()[i * d.featureSize()] * N);
  }

  private static boolean sameSamples(Dataset a, Dataset b) {
    for (int i = 0; i < a.size(); i++) {
      if (sampleId(a, i) != sampleId(b, i)) {
        return false;
      }
    }
    return true;
  }
}
