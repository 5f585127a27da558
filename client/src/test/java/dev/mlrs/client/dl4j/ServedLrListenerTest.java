package dev.mlrs.client.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * The listener on a real net: the LR the updater uses at step t is the LR served for step t, read
 * from the applied step of plain SGD: Δ = lr_t · (g_t / N + λ·w_t).
 */
class ServedLrListenerTest {

  private static final int STEPS = 6;
  private static final int N = 20;
  private final DataSet validation = SmallNets.batch(15, 99);

  @Test
  void eachStepTrainsWithTheLrServedForThatStep() {
    checkServedLrIsUsed(List.of(), 0.0);
  }

  @Test
  void aNetRestoredFromAModelFileTrainsWithServedLrsToo() throws Exception {
    ServedLearningRate lr = new ServedLearningRate(0.9);
    MultiLayerNetwork original = SmallNets.mlp(new Sgd(new ServedLrSchedule(lr)), List.of());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    org.deeplearning4j.util.ModelSerializer.writeModel(original, bytes, true);
    MultiLayerNetwork net = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(
        new java.io.ByteArrayInputStream(bytes.toByteArray()), true);
    assertTrue(MlrsDl4j.servedLearningRates(net).size() > 1, "JSON gives every layer its own holder");
    ScriptedLrSource source = new ScriptedLrSource(1_000);
    MlrsDl4j.attach(net, source);

    for (int t = 0; t < 2; t++) {
      DataSet batch = SmallNets.batch(N, 10 + t);
      INDArray before = net.params().dup();
      INDArray expected = SmallNets.summedGradient(net, batch).div(N).muli(ScriptedLrSource.lrFor(t));
      net.fit(batch);
      assertArrayEquals(expected.toDoubleVector(), before.sub(net.params()).toDoubleVector(), 1e-12, "step " + t);
    }
  }

  /**
   * With weight decay the step is lr_t · (g/N + c·w) on the weights (not the biases). Measured on
   * DL4J 1.0.0-M2.1: a net-wide WeightDecay lands twice in each layer's regularisation list, so c is
   * twice the configured coefficient; the step is still proportional to lr_t.
   */
  @Test
  void eachStepTrainsWithTheLrServedForThatStepUnderWeightDecay() {
    MultiLayerNetwork probeNet = SmallNets.mlp(new Sgd(0.1), List.of(new WeightDecay(0.05, true)));
    assertEquals(2, probeNet.getLayer(0).conf().getLayer().getRegularizationByParam("W").size(),
        "DL4J duplicates a net-wide WeightDecay; if this changes, the factor below changes too");
    checkServedLrIsUsed(List.of(new WeightDecay(0.05, true)), 2 * 0.05);
  }

  private void checkServedLrIsUsed(List<Regularization> regularization, double weightDecay) {
    ServedLearningRate lr = new ServedLearningRate(0.9); // far from every served LR
    MultiLayerNetwork net = SmallNets.mlp(new Sgd(new ServedLrSchedule(lr)), regularization);
    ScriptedLrSource source = new ScriptedLrSource(1_000);
    MlrsDl4j.attach(net, source);
    INDArray decay = weightMask(net).muli(weightDecay);

    for (int t = 0; t < STEPS; t++) {
      DataSet batch = SmallNets.batch(N, 10 + t);
      INDArray before = net.params().dup();
      INDArray summedGradient = SmallNets.summedGradient(net, batch);
      double loss = net.score(batch, true) - net.calcRegularizationScore(true);

      net.fit(batch);

      INDArray applied = before.sub(net.params());
      INDArray expected = summedGradient.ravel().div(N).addi(before.ravel().mul(decay)).muli(ScriptedLrSource.lrFor(t));

      assertArrayEquals(expected.toDoubleVector(), applied.toDoubleVector(), 1e-12, "step " + t);
      assertEquals(loss, source.losses.get(t), 1e-12, "f_t without regularisation, step " + t);
      assertEquals(ScriptedLrSource.lrFor(t), lr.get(), 0.0);
    }
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), source.steps);
    assertTrue(source.validations.isEmpty());
  }

  @Test
  void validationStepsSendTheHypergradientOfTheStepJustApplied() {
    ServedLearningRate lr = new ServedLearningRate(0.9);
    MultiLayerNetwork net = SmallNets.mlp(new Sgd(new ServedLrSchedule(lr)), List.of(new WeightDecay(0.05, true)));
    ScriptedLrSource source = new ScriptedLrSource(3);
    MlrsDl4j.attach(net, source, validation);
    ObservingListener observer = new ObservingListener();
    net.addListeners(observer); // after ours: sees what other listeners would see

    HypergradientProbe reference = new HypergradientProbe(net, validation);
    List<Double> expectedHypergradients = new ArrayList<>();
    for (int t = 0; t < STEPS; t++) {
      DataSet batch = SmallNets.batch(N, 10 + t);
      INDArray before = net.params().dup();
      double trainingScore = net.score(batch, true);
      net.fit(batch);
      INDArray after = net.params().dup();
      if (source.validationDue(t)) {
        expectedHypergradients.add(finiteDifference(net, reference, before, after, ScriptedLrSource.lrFor(t)));
        assertEquals(trainingScore, observer.scores.get(t), 1e-12, "model.score() untouched by the probe");
        assertArrayEquals(before.sub(after).toDoubleVector(), observer.gradientViews.get(t).toDoubleVector(), 1e-12,
            "the gradient view still holds the applied update");
      }
    }

    assertEquals(List.of(2L, 5L), source.validations.stream().map(ScriptedLrSource.Validation::step).toList());
    for (int i = 0; i < 2; i++) {
      double expected = expectedHypergradients.get(i);
      assertEquals(expected, source.validations.get(i).hypergradient(), 1e-4 * Math.abs(expected), "validation " + i);
    }
  }

  @Test
  void noValidationWhenTheStepsLrWasAFallback() {
    ServedLearningRate lr = new ServedLearningRate(0.9);
    MultiLayerNetwork net = SmallNets.mlp(new Sgd(new ServedLrSchedule(lr)), List.of());
    ScriptedLrSource source = new ScriptedLrSource(1);
    source.fallbackAt = step -> step == 1;
    ServedLrListener listener = MlrsDl4j.attach(net, source, validation);

    for (int t = 0; t < 3; t++) {
      net.fit(SmallNets.batch(N, 10 + t));
      if (t == 1) {
        assertEquals(0.001, lr.get(), 0.0, "the fallback LR trains the step");
        assertTrue(listener.lastReply().fallback());
      }
    }
    assertEquals(List.of(0L, 2L), source.validations.stream().map(ScriptedLrSource.Validation::step).toList());
  }

  @Test
  void attachFindsTheHolderOrSaysHowToBuildTheNet() {
    ServedLearningRate lr = new ServedLearningRate(0.1);
    MultiLayerNetwork served = SmallNets.mlp(new Sgd(new ServedLrSchedule(lr)), List.of());
    assertEquals(List.of(lr), MlrsDl4j.servedLearningRates(served));
    assertSame(lr, MlrsDl4j.servedLearningRates(served).get(0));

    MultiLayerNetwork fixed = SmallNets.mlp(new Sgd(0.1), List.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MlrsDl4j.attach(fixed, new ScriptedLrSource(10)));
    assertTrue(e.getMessage().contains("ServedLrSchedule"), e.getMessage());
  }

  /** 1 for every weight entry (a layer's "W"), 0 for biases, in the order of net.params(). */
  private static INDArray weightMask(MultiLayerNetwork net) {
    INDArray mask = Nd4j.zeros(DataType.DOUBLE, net.numParams());
    long offset = 0;
    for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
      for (Map.Entry<String, INDArray> param : layer.paramTable().entrySet()) {
        long length = param.getValue().length();
        if (param.getKey().equals("W")) {
          mask.get(NDArrayIndex.interval(offset, offset + length)).assign(1.0);
        }
        offset += length;
      }
    }
    return mask;
  }

  /** In a real job the probe's h is compared with the change of L_val along the step actually taken. */
  private static double finiteDifference(MultiLayerNetwork net, HypergradientProbe probe, INDArray before,
                                         INDArray after, double alpha) {
    double eps = 1e-5;
    INDArray direction = before.sub(after).divi(alpha);
    net.setParams(before.sub(direction.mul(alpha + eps)));
    double up = probe.meanValidationLoss();
    net.setParams(before.sub(direction.mul(alpha - eps)));
    double down = probe.meanValidationLoss();
    net.setParams(after);
    return (up - down) / (2 * eps);
  }

  private static final class ObservingListener extends BaseTrainingListener {
    final List<Double> scores = new ArrayList<>();
    final List<INDArray> gradientViews = new ArrayList<>();

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
      scores.add(model.score());
      gradientViews.add(model.gradient().gradient().dup());
    }
  }
}
