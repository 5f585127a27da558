package dev.mlrs.sim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class BatchIteratorTest {

  private static final int N = 103;
  private static final int FEATURES = 3;
  private static final int CLASSES = 4;
  private final Dataset data = SyntheticData.indexed(N, CLASSES, FEATURES);

  @Test
  void sameSeedSameOrderOtherSeedOtherOrder() {
    List<Integer> first = sampleSequence(BatchIterator.shuffled(data, 10, 42), 3);
    List<Integer> again = sampleSequence(BatchIterator.shuffled(data, 10, 42), 3);
    List<Integer> other = sampleSequence(BatchIterator.shuffled(data, 10, 43), 3);
    assertEquals(3 * N, first.size());
    assertEquals(first, again);
    assertFalse(first.equals(other));
    // Each epoch is a permutation, and epochs differ from each other.
    List<Integer> epoch0 = first.subList(0, N);
    List<Integer> epoch1 = first.subList(N, 2 * N);
    assertEquals(N, epoch0.stream().distinct().count());
    assertFalse(epoch0.equals(epoch1));
    assertFalse(epoch0.equals(sampleSequence(BatchIterator.inOrder(data, 10), 1)));
  }

  @Test
  void everyBatchHoldsTheRightFeaturesAndOneHotLabels() {
    BatchIterator it = BatchIterator.shuffled(data, 10, 1);
    int[] order = it.order();
    int served = 0;
    while (it.hasNext()) { // the arrays are reused: stale values from the previous batch would show here
      DataSet batch = it.next();
      INDArray x = batch.getFeatures();
      INDArray y = batch.getLabels();
      int rows = (int) x.size(0);
      assertArrayEquals(new long[] {rows, FEATURES}, x.shape());
      assertArrayEquals(new long[] {rows, CLASSES}, y.shape());
      for (int r = 0; r < rows; r++) {
        int sample = order[served + r];
        for (int j = 0; j < FEATURES; j++) {
          assertEquals(data.featureArray()[sample * FEATURES + j], x.getFloat(r, j), 0f);
        }
        for (int c = 0; c < CLASSES; c++) {
          assertEquals(c == data.label(sample) ? 1f : 0f, y.getFloat(r, c), 0f, "row " + r + " class " + c);
        }
      }
      served += rows;
    }
    assertEquals(N, served);
  }

  @Test
  void reusesArraysUnlessAskedNotTo() {
    BatchIterator reusing = BatchIterator.shuffled(data, 10, 1);
    DataSet a = reusing.next();
    DataSet b = reusing.next();
    assertSame(a.getFeatures(), b.getFeatures());
    assertSame(a.getLabels(), b.getLabels());

    BatchIterator fresh = BatchIterator.shuffled(data, 10, 1).withFreshArrays();
    assertNotSame(fresh.next().getFeatures(), fresh.next().getFeatures());
  }

  @Test
  void lastBatchIsPartialOrDropped() {
    BatchIterator keep = BatchIterator.inOrder(data, 10);
    assertEquals(11, keep.batchesPerEpoch());
    List<Long> sizes = new ArrayList<>();
    while (keep.hasNext()) {
      sizes.add(keep.next().getFeatures().size(0));
    }
    assertEquals(11, sizes.size());
    assertEquals(3L, sizes.get(10));
    assertThrows(NoSuchElementException.class, keep::next);

    BatchIterator drop = BatchIterator.inOrder(data, 10).withDropLast();
    assertEquals(10, drop.batchesPerEpoch());
    int count = 0;
    while (drop.hasNext()) {
      assertEquals(10L, drop.next().getFeatures().size(0));
      count++;
    }
    assertEquals(10, count);
  }

  @Test
  void extraResetsDoNotSkipEpochs() {
    BatchIterator it = BatchIterator.shuffled(data, 50, 9);
    it.reset();
    it.reset();
    assertEquals(0, it.epoch());
    int[] epoch0 = it.order();
    it.next();
    it.reset();
    it.reset();
    assertEquals(1, it.epoch());
    it.startEpoch(0);
    assertArrayEquals(epoch0, it.order());
    assertArrayEquals(EpochOrder.permutation(N, 9, 0), epoch0);
  }

  /** Runs epochs and returns the sample ids in the order they were served (feature value = id / N). */
  private static List<Integer> sampleSequence(BatchIterator it, int epochs) {
    List<Integer> ids = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      it.reset();
      while (it.hasNext()) {
        INDArray x = it.next().getFeatures();
        for (int r = 0; r < x.size(0); r++) {
          ids.add(Math.round(x.getFloat(r, 0) * N));
        }
      }
    }
    assertTrue(ids.stream().allMatch(i -> i >= 0 && i < N), () -> Arrays.toString(ids.toArray()));
    return ids;
  }
}
