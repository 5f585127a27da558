package dev.mlrs.sim.model;

import dev.mlrs.sim.data.InputShape;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * "wide-cnn": two VGG-style blocks of two 3x3 "same" convolutions (32, 32 | 64, 64), each followed by a
 * max-pool, then dense 256 → softmax. About 4x the channels and twice the depth of "cnn", for checking
 * whether a schedule learned on the small net transfers to a bigger one. Works from 4x4 images up.
 */
final class WideCnnFactory {

  private WideCnnFactory() {
  }

  static MultiLayerNetwork build(InputShape shape, int numClasses, ModelOptions options) {
    ImageInputs.require(shape, CnnFactory.MIN_SIDE, "wide-cnn");
    ConvolutionMode same = ConvolutionMode.Same;
    var list = NetworkDefaults.base(options).list()
        .layer(CnnFactory.conv(3, 32, same))
        .layer(CnnFactory.conv(3, 32, same))
        .layer(CnnFactory.maxPool())
        .layer(CnnFactory.conv(3, 64, same))
        .layer(CnnFactory.conv(3, 64, same))
        .layer(CnnFactory.maxPool())
        .layer(new DenseLayer.Builder().nOut(256).build())
        .layer(NetworkDefaults.softmaxOutput(numClasses))
        .setInputType(InputType.convolutionalFlat(shape.height(), shape.width(), shape.channels()));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }
}
