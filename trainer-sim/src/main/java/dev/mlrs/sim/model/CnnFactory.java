package dev.mlrs.sim.model;

import dev.mlrs.sim.data.InputShape;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * "cnn": conv 3x3x8 → max-pool → conv 3x3x16 → max-pool → dense 64 → softmax. Images of 16x16 and larger are
 * not padded (28 → 26 → 13 → 11 → 5); smaller ones, such as the 8x8 digits, get "same" padding
 * (8 → 8 → 4 → 4 → 2). Small on purpose: DL4J's CPU convolutions cost about 115 ms per step of 64 images at this
 * size on the 2-core machines here (265 ms with 16/32 channels and 5x5 kernels), and the study runs ~100 of them.
 */
final class CnnFactory {

  static final int LARGE_IMAGE_SIDE = 16;
  static final int MIN_SIDE = 4;
  /** Side of the square convolution kernels. */
  static final int KERNEL = 3;

  private CnnFactory() {
  }

  static MultiLayerNetwork build(InputShape shape, int numClasses, ModelOptions options) {
    ImageInputs.require(shape, MIN_SIDE, "cnn");
    boolean large = Math.min(shape.height(), shape.width()) >= LARGE_IMAGE_SIDE;
    ConvolutionMode mode = large ? ConvolutionMode.Truncate : ConvolutionMode.Same;
    var list = NetworkDefaults.base(options).list()
        .layer(conv(KERNEL, 8, mode))
        .layer(maxPool())
        .layer(conv(KERNEL, 16, mode))
        .layer(maxPool())
        .layer(new DenseLayer.Builder().nOut(64).build())
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
