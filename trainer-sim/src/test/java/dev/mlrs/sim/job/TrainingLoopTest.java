package dev.mlrs.sim.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.sim.data.BatchIterator;
import dev.mlrs.sim.data.Dataset;
import dev.mlrs.sim.data.InputShape;
import dev.mlrs.sim.data.SyntheticData;
import dev.mlrs.sim.model.ModelOptions;
import dev.mlrs.sim.model.Models;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

  private static MultiLayerNetwork mlp(double lr) {
    return Models.build("mlp", InputShape.flat(8), 3,
        ModelOptions.builder().mlpHiddenLayers(16).learningRate(lr).seed(1).build());
  }

  @Test
  void aDivergingRunStopsEarlyAndScoresInsteadOfFailing() {
    Dataset data = SyntheticData.prototypes(400, 3, InputShape.flat(8), 1);
    TrainingLoop.Outcome outcome = TrainingLoop.train(mlp(1e8), data, 32, 200, 1, data, 4);
    assertTrue(outcome.diverged(), "LR 1e8 must blow the loss up");
    assertTrue(outcome.stepsRun() < 200);
    assertTrue(outcome.finalAccuracy() >= 0 && outcome.finalAccuracy() <= 1);
  }

  @Test
  void accuracyAgreesWithDl4jOnAHealthyNetwork() {
    Dataset data = SyntheticData.prototypes(300, 3, InputShape.flat(8), 2);
    MultiLayerNetwork net = mlp(0.1);
    TrainingLoop.Outcome outcome = TrainingLoop.train(net, data, 32, 60, 2, data, 3);
    assertEquals(3, outcome.evaluations().size(), "3 points: at steps 20 and 40, and at the end");
    double dl4j = net.evaluate(BatchIterator.inOrder(data, 100)).accuracy();
    assertEquals(dl4j, TrainingLoop.accuracy(net, data), 1e-12);
  }
}
