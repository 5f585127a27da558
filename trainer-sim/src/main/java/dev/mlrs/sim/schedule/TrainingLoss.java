package dev.mlrs.sim.schedule;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The minibatch loss f_t the way the served-LR client reports it (ServedLrListener.trainingLoss, which is
 * not public): DL4J's score of the current minibatch minus its regularisation terms, so local and served
 * schedules see and record the same number.
 */
final class TrainingLoss {

  private TrainingLoss() {
  }

  static double of(Model model) {
    double score = model.score();
    if (model instanceof MultiLayerNetwork net) {
      return score - net.calcRegularizationScore(true);
    }
    if (model instanceof ComputationGraph graph) {
      return score - graph.calcRegularizationScore(true);
    }
    return score;
  }
}
