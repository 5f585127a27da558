package dev.mlrs.sim.model;

import dev.mlrs.sim.data.InputShape;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * "cnn": conv 16 → max-pool → conv 32 → max-pool → dense 128 → softmax. Images of 16x16 and larger get 5x5
 * kernels without padding (LeNet style: 28 → 24 → 12 → 8 → 4); smaller ones, such as the 8x8 digits, get 3x3
 * kernels with "same" padding (8 → 8 → 4 → 4 → 2), since 5x5 kernels would not fit twice.
 */
final class CnnFactory {

  static final int LARGE_IMAGE_SIDE = 16;
  static final int MIN_SIDE = 4;

  private CnnFactory() {
  }

  static MultiLayerNetwork build(InputShape shape, int numClasses, ModelOptions options) {
    ImageInputs.require(shape, MIN_SIDE, "cnn");
    boolean large = Math.min(shape.height(), shape.width()) >= LARGE_IMAGE_SIDE;
    int kernel = large ? 5 : 3;
    ConvolutionMode mode = large ? ConvolutionMode.Truncate : ConvolutionMode.Same;
    var list = NetworkDefaults.base(options).list()
        .layer(conv(kernel, 16, mode))
        .layer(maxPool())
        .layer(conv(kernel, 32, mode))
        .layer(maxPool())
        .layer(new DenseLayer.Builder().nOut(128).build())
        .layer(NetworkDefaults.softmaxOutput(numClasses))
        .setInputType(InputType.convolutionalFlat(shape.height(), shape.width(), shape.channels()));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  static ConvolutionLayer conv(int kernel, int channels, ConvolutionMode mode) {
    return new ConvolutionLayer.Builder(kernel, kernel)
        .stride(1, 1)
        .nOut(channels)
        .convolutionMode(mode)
        .build();
  }

  static SubsamplingLayer maxPool() {
    return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
        .kernelSize(2, 2)
        .stride(2, 2)
        .build();
  }
}
