package dev.mlrs.sim.model;

import dev.mlrs.sim.data.InputShape;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** "mlp": flat input, ReLU hidden layers ({@link ModelOptions#mlpHiddenLayers()}, default 256-128), softmax. */
final class MlpFactory {

  private MlpFactory() {
  }

  static MultiLayerNetwork build(InputShape shape, int numClasses, ModelOptions options) {
    NeuralNetConfiguration.ListBuilder list = NetworkDefaults.base(options).list();
    for (int width : options.mlpHiddenLayers()) {
      list.layer(new DenseLayer.Builder().nOut(width).build());
    }
    list.layer(NetworkDefaults.softmaxOutput(numClasses));
    list.setInputType(InputType.feedForward(shape.size()));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }
}
