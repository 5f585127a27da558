package dev.mlrs.sim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.sim.data.BatchIterator;
import dev.mlrs.sim.data.Dataset;
import dev.mlrs.sim.data.InputShape;
import dev.mlrs.sim.data.SyntheticData;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * Two runs with the same seed train on identical batches, whether DL4J drives the iterator
 * ({@code fit(iterator, epochs)}, with its extra resets and the reused arrays) or a hand-written loop does.
 */
class SameDataOrderTest {

  private final Dataset data = SyntheticData.prototypes(100, 5, InputShape.grayscale(6, 6), 4);
  private final ModelOptions options = ModelOptions.builder().seed(3).learningRate(0.05).mlpHiddenLayers(32).build();

  @Test
  void dl4jLoopAndManualLoopSeeTheSameBatches() {
    MultiLayerNetwork byDl4j = Models.build("mlp", data, options);
    byDl4j.fit(BatchIterator.shuffled(data, 16, 11), 2);

    MultiLayerNetwork byHand = Models.build("mlp", data, options);
    BatchIterator fresh = BatchIterator.shuffled(data, 16, 11).withFreshArrays();
    for (int epoch = 0; epoch < 2; epoch++) {
      fresh.startEpoch(epoch);
      while (fresh.hasNext()) {
        byHand.fit(fresh.next());
      }
    }

    MultiLayerNetwork otherSeed = Models.build("mlp", data, options);
    otherSeed.fit(BatchIterator.shuffled(data, 16, 12), 2);

    assertEquals(14, byDl4j.getIterationCount()); // 2 epochs x 7 batches
    assertEquals(14, byHand.getIterationCount());
    assertEquals(0.0, byDl4j.params().sub(byHand.params()).amaxNumber().doubleValue(), 1e-6);
    assertTrue(byDl4j.params().sub(otherSeed.params()).amaxNumber().doubleValue() > 1e-4);
  }
}
