package dev.mlrs.sim.model;

import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * One handle for both kinds of DL4J network ({@link MultiLayerNetwork}, {@link ComputationGraph}), covering
 * what a training loop needs; anything else is reachable through {@link #model()} or the {@code as...}
 * methods.
 */
public final class TrainableNet {

  private final String name;
  private final MultiLayerNetwork multiLayer;
  private final ComputationGraph graph;

  private TrainableNet(String name, MultiLayerNetwork multiLayer, ComputationGraph graph) {
    this.name = Objects.requireNonNull(name, "name");
    this.multiLayer = multiLayer;
    this.graph = graph;
  }

  public static TrainableNet of(String name, MultiLayerNetwork net) {
    return new TrainableNet(name, Objects.requireNonNull(net, "net"), null);
  }

  public static TrainableNet of(String name, ComputationGraph net) {
    return new TrainableNet(name, null, Objects.requireNonNull(net, "net"));
  }

  /** The model name it was built as ("mlp", "cnn", ...). */
  public String name() {
    return name;
  }

  /** The underlying DL4J model (a MultiLayerNetwork or a ComputationGraph). */
  public Model model() {
    return multiLayer != null ? multiLayer : graph;
  }

  public Optional<MultiLayerNetwork> asMultiLayerNetwork() {
    return Optional.ofNullable(multiLayer);
  }

  public Optional<ComputationGraph> asComputationGraph() {
    return Optional.ofNullable(graph);
  }

  /** One update step on the minibatch. */
  public void fit(DataSet batch) {
    if (multiLayer != null) {
      multiLayer.fit(batch);
    } else {
      graph.fit(batch);
    }
  }

  /** Mean loss (plus regularization) on the batch, without training. */
  public double score(DataSet batch) {
    return multiLayer != null ? multiLayer.score(batch, false) : graph.score(batch, false);
  }

  /** Class probabilities, inference mode. */
  public INDArray output(INDArray features) {
    return multiLayer != null ? multiLayer.output(features, false) : graph.outputSingle(false, features);
  }

  public Evaluation evaluate(DataSetIterator iterator) {
    return multiLayer != null ? multiLayer.evaluate(iterator) : graph.evaluate(iterator);
  }

  /** Number of parameter updates so far (the "iteration" an ISchedule sees). */
  public int iteration() {
    return multiLayer != null ? multiLayer.getIterationCount() : graph.getIterationCount();
  }

  /** The epoch an ISchedule sees; only {@code fit(iterator)} advances it by itself, see {@link #incrementEpoch()}. */
  public int epoch() {
    return multiLayer != null ? multiLayer.getEpochCount() : graph.getEpochCount();
  }

  /** Call at the end of each epoch when training with {@link #fit(DataSet)}. */
  public void incrementEpoch() {
    if (multiLayer != null) {
      multiLayer.incrementEpochCount();
    } else {
      graph.incrementEpochCount();
    }
  }

  public long numParams() {
    return model().numParams();
  }

  /** The flat parameter vector (a live view: dup() to keep a copy). */
  public INDArray params() {
    return model().params();
  }

  @Override
  public String toString() {
    return name + " (" + numParams() + " parameters)";
  }
}
