package dev.mlrs.client.dl4j;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A small double-precision MLP (8-16-3, tanh, softmax cross-entropy) and random classification batches. */
final class SmallNets {

  static final int IN = 8;
  static final int HIDDEN = 16;
  static final int CLASSES = 3;

  private SmallNets() {
  }

  static {
    Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
  }

  static MultiLayerNetwork mlp(IUpdater updater, List<Regularization> regularization) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(12345)
        .dataType(DataType.DOUBLE)
        .updater(updater)
        .regularization(regularization)
        .list()
        .layer(new DenseLayer.Builder().nIn(IN).nOut(HIDDEN).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
            .activation(Activation.SOFTMAX).build())
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  /** A batch whose labels depend on the features, so that training makes progress. */
  static DataSet batch(int size, long seed) {
    Nd4j.getRandom().setSeed(seed);
    INDArray x = Nd4j.randn(DataType.DOUBLE, size, IN);
    INDArray y = Nd4j.zeros(DataType.DOUBLE, size, CLASSES);
    for (int i = 0; i < size; i++) {
      double a = x.getDouble(i, 0) + 0.5 * x.getDouble(i, 1);
      int label = a < -0.4 ? 0 : a < 0.4 ? 1 : 2;
      y.putScalar(i, label, 1.0);
    }
    return new DataSet(x, y);
  }

  /** The summed (not averaged) training gradient DL4J computes at the net's current weights. */
  static INDArray summedGradient(MultiLayerNetwork net, DataSet batch) {
    return net.calculateGradients(batch.getFeatures(), batch.getLabels(), null, null).getFirst().gradient().dup();
  }
}
