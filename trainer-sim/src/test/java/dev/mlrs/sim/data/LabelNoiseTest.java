package dev.mlrs.sim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.sim.data.LabelNoise.Kind;
import dev.mlrs.sim.data.LabelNoise.NoisyDataset;
import org.junit.jupiter.api.Test;

class LabelNoiseTest {

  private static final int N = 10_000;
  private static final int CLASSES = 10;
  private final Dataset clean = SyntheticData.randomLabels(N, CLASSES, 5);

  @Test
  void rateZeroChangesNothing() {
    for (Kind kind : Kind.values()) {
      NoisyDataset noisy = LabelNoise.apply(clean, kind, 0.0, 1);
      assertArrayEquals(clean.labels(), noisy.dataset().labels());
      assertEquals(0, noisy.flipped());
      assertEquals(0.0, noisy.flippedFraction());
    }
  }

  @Test
  void uniformFlipsAboutTheRateAndNeverKeepsTheOriginal() {
    NoisyDataset noisy = LabelNoise.uniform(clean, 0.4, 11);
    int[] before = clean.labels();
    int[] after = noisy.dataset().labels();
    int changed = 0;
    int[] targets = new int[CLASSES];
    for (int i = 0; i < N; i++) {
      if (before[i] != after[i]) {
        changed++;
        targets[(after[i] - before[i] + CLASSES) % CLASSES]++;
      }
    }
    // Every drawn flip moved the label: the number reported equals the number that differ.
    assertEquals(noisy.flipped(), changed);
    assertEquals(changed / (double) N, noisy.flippedFraction(), 1e-12);
    // Binomial(10000, 0.4): sd 0.0049; 0.02 is four of them.
    assertEquals(0.4, noisy.flippedFraction(), 0.02);
    // Replacements spread over the 9 other classes (offset 0 is impossible).
    assertEquals(0, targets[0]);
    for (int offset = 1; offset < CLASSES; offset++) {
      assertEquals(changed / 9.0, targets[offset], changed / 9.0 * 0.2, "offset " + offset);
    }
  }

  @Test
  void pairFlipMapsToNextClass() {
    NoisyDataset noisy = LabelNoise.pairFlip(clean, 0.4, 11);
    int[] before = clean.labels();
    int[] after = noisy.dataset().labels();
    int changed = 0;
    for (int i = 0; i < N; i++) {
      if (before[i] != after[i]) {
        changed++;
        assertEquals((before[i] + 1) % CLASSES, after[i], "sample " + i);
      }
    }
    assertEquals(noisy.flipped(), changed);
    assertEquals(0.4, noisy.flippedFraction(), 0.02);
  }

  @Test
  void seededAndLeavesTheInputAlone() {
    int[] original = clean.labels();
    int[] a = LabelNoise.uniform(clean, 0.3, 7).dataset().labels();
    int[] b = LabelNoise.uniform(clean, 0.3, 7).dataset().labels();
    int[] c = LabelNoise.uniform(clean, 0.3, 8).dataset().labels();
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c));
    assertArrayEquals(original, clean.labels());
    // Features are shared, not copied.
    assertSame(clean.featureArray(), LabelNoise.uniform(clean, 0.3, 7).dataset().featureArray());
  }

  @Test
  void rateOneFlipsEverything() {
    NoisyDataset noisy = LabelNoise.uniform(clean, 1.0, 3);
    assertEquals(N, noisy.flipped());
    int[] before = clean.labels();
    int[] after = noisy.dataset().labels();
    for (int i = 0; i < N; i++) {
      assertNotEquals(before[i], after[i]);
    }
  }

  @Test
  void parsesKinds() {
    assertEquals(Kind.UNIFORM, Kind.parse("Uniform"));
    assertEquals(Kind.PAIR_FLIP, Kind.parse("pair-flip"));
    assertTrue(assertThrowsMessage(() -> Kind.parse("gaussian")).contains("gaussian"));
  }

  private static String assertThrowsMessage(Runnable r) {
    return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }
}
