package dev.mlrs.sim.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Settings every model shares: seed, float32, updater, weight decay, He init with ReLU, softmax output. */
final class NetworkDefaults {

  private NetworkDefaults() {
  }

  static NeuralNetConfiguration.Builder base(ModelOptions options) {
    NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
        .seed(options.seed())
        .dataType(DataType.FLOAT)
        .updater(UpdaterFactory.create(options))
        .weightInit(WeightInit.RELU)
        .activation(Activation.RELU);
    if (options.weightDecay() > 0) {
      // applyLR = true: the decay step is lr * coefficient * w, so it follows the schedule.
      builder.weightDecay(options.weightDecay(), true);
    }
    return builder;
  }

  static OutputLayer softmaxOutput(int numClasses) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
        .activation(Activation.SOFTMAX)
        .weightInit(WeightInit.XAVIER)
        .nOut(numClasses)
        .build();
  }
}
