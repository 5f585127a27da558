package dev.mlrs.sim.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.sim.data.BatchIterator;
import dev.mlrs.sim.data.Dataset;
import dev.mlrs.sim.data.Dl4jDataSets;
import dev.mlrs.sim.data.InputShape;
import dev.mlrs.sim.data.SyntheticData;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ModelsTest {

  private static final InputShape MNIST_SHAPE = InputShape.grayscale(28, 28);
  private static final InputShape DIGITS_SHAPE = InputShape.grayscale(8, 8);

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "cnn", "wide-cnn", "resnet-mlp"})
  void buildsForMnistAndDigitsShapes(String name) {
    for (InputShape shape : new InputShape[] {MNIST_SHAPE, DIGITS_SHAPE}) {
      TrainableNet net = Models.buildNet(name, shape, 10, ModelOptions.defaults());
      INDArray out = net.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, shape.size()));
      assertArrayEquals(new long[] {3, 10}, out.shape(), name + " " + shape);
      assertEquals(1.0, out.getRow(0).sumNumber().doubleValue(), 1e-4, "softmax rows sum to 1");
      assertTrue(net.numParams() > 0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "cnn", "wide-cnn", "resnet-mlp"})
  void thirtySgdIterationsReduceTheLoss(String name) {
    // Batches of 16 keep the wide CNN at about 1 s on two busy cores.
    Dataset data = SyntheticData.prototypes(160, 10, DIGITS_SHAPE, 7);
    ModelOptions options = ModelOptions.builder().seed(1).learningRate(0.05).build();
    TrainableNet net = Models.buildNet(name, data, options);
    DataSet all = Dl4jDataSets.of(data);
    double before = net.score(all);

    BatchIterator batches = BatchIterator.shuffled(data, 16, 1);
    for (int i = 0; i < 30; i++) {
      if (!batches.hasNext()) {
        batches.reset();
      }
      net.fit(batches.next());
    }
    double after = net.score(all);
    assertEquals(30, net.iteration());
    assertTrue(after < 0.7 * before, name + ": loss " + before + " -> " + after);
  }

  @Test
  void sameSeedSameInitialWeights() {
    ModelOptions options = ModelOptions.builder().seed(5).build();
    MultiLayerNetwork a = Models.build("cnn", DIGITS_SHAPE, 10, options);
    MultiLayerNetwork b = Models.build("cnn", DIGITS_SHAPE, 10, options);
    MultiLayerNetwork c = Models.build("cnn", DIGITS_SHAPE, 10, options.toBuilder().seed(6).build());
    assertEquals(0.0, a.params().sub(b.params()).amaxNumber().doubleValue());
    assertTrue(a.params().sub(c.params()).amaxNumber().doubleValue() > 0.01);
  }

  @Test
  void cnnShapesFollowTheImageSize() {
    // 28x28: 3x3 kernels without padding -> 5x5x16 before the dense layer; 8x8: 3x3 padded -> 2x2x16.
    MultiLayerNetwork big = Models.build("cnn", MNIST_SHAPE, 10, ModelOptions.defaults());
    MultiLayerNetwork small = Models.build("cnn", DIGITS_SHAPE, 10, ModelOptions.defaults());
    assertEquals(5 * 5 * 16 * 64 + 64, big.getLayer(4).numParams());
    assertEquals(2 * 2 * 16 * 64 + 64, small.getLayer(4).numParams());
  }

  @Test
  void explainsWrongInputsAndNames() {
    IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
        () -> Models.build("cnn", InputShape.flat(30), 2, ModelOptions.defaults()));
    assertTrue(flat.getMessage().contains("1x1x30"), flat.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Models.build("transformer", DIGITS_SHAPE, 10, ModelOptions.defaults()));
    assertTrue(unknown.getMessage().contains("mlp"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Models.build("resnet-mlp", DIGITS_SHAPE, 10, ModelOptions.defaults()));
  }
}
