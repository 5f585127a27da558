package dev.mlrs.sim.model;

import dev.mlrs.sim.data.InputShape;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * "resnet-mlp": dense stem of width h, then {@value #BLOCKS} residual blocks
 * relu(x + W2·relu(W1·x)), then softmax. h is the first of {@link ModelOptions#mlpHiddenLayers()}.
 */
final class ResidualMlpFactory {

  static final int BLOCKS = 2;

  private ResidualMlpFactory() {
  }

  static ComputationGraph build(InputShape shape, int numClasses, ModelOptions options) {
    int width = options.mlpHiddenLayers()[0];
    ComputationGraphConfiguration.GraphBuilder graph = NetworkDefaults.base(options).graphBuilder()
        .addInputs("input")
        .setInputTypes(InputType.feedForward(shape.size()))
        .addLayer("stem", dense(width, Activation.RELU), "input");
    String previous = "stem";
    for (int b = 1; b <= BLOCKS; b++) {
      String block = "block" + b;
      graph.addLayer(block + "_fc1", dense(width, Activation.RELU), previous)
          .addLayer(block + "_fc2", dense(width, Activation.IDENTITY), block + "_fc1")
          .addVertex(block + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), block + "_fc2", previous)
          .addLayer(block + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), block + "_add");
      previous = block + "_relu";
    }
    graph.addLayer("output", NetworkDefaults.softmaxOutput(numClasses), previous).setOutputs("output");
    ComputationGraph net = new ComputationGraph(graph.build());
    net.init();
    return net;
  }

  private static DenseLayer dense(int width, Activation activation) {
    return new DenseLayer.Builder().nOut(width).activation(activation).build();
  }
}
