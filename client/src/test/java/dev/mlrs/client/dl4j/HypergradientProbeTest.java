package dev.mlrs.client.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * The probe's h against a central finite difference of L_val along the step DL4J applied:
 * h ≈ [L_val(w_t − (α+ε)d) − L_val(w_t − (α−ε)d)] / 2ε, with d = (w_t − w_{t+1}) / α from a real fit.
 */
class HypergradientProbeTest {

  private static final double ALPHA = 0.4;
  private static final double EPS = 1e-5;

  private final DataSet train = SmallNets.batch(24, 1);
  private final DataSet validation = SmallNets.batch(15, 2);

  @Test
  void plainSgd() {
    checkAgainstFiniteDifference(List.of());
  }

  @Test
  void sgdWithWeightDecayAppliedWithTheLr() {
    checkAgainstFiniteDifference(List.of(new WeightDecay(0.05, true)));
  }

  @Test
  void sgdWithL2() {
    checkAgainstFiniteDifference(List.of(new L2Regularization(0.05)));
  }

  private void checkAgainstFiniteDifference(List<Regularization> regularization) {
    ServedLearningRate lr = new ServedLearningRate(ALPHA);
    MultiLayerNetwork net = SmallNets.mlp(new Sgd(new ServedLrSchedule(lr)), regularization);
    net.fit(train); // one warm-up step so that w_t is not the initialisation
    HypergradientProbe probe = new HypergradientProbe(net, validation);

    INDArray before = net.params().dup();
    net.fit(train);
    INDArray after = net.params().dup();
    HypergradientProbe.Result result = probe.probe(before, ALPHA);

    INDArray direction = before.sub(after).divi(ALPHA);
    double finiteDifference = (valLossAt(net, probe, before, direction, ALPHA + EPS)
        - valLossAt(net, probe, before, direction, ALPHA - EPS)) / (2 * EPS);
    assertTrue(Math.abs(finiteDifference) > 1e-3, "a meaningful hypergradient: " + finiteDifference);
    assertEquals(finiteDifference, result.hypergradient(), 1e-4 * Math.abs(finiteDifference),
        "h vs finite difference, regularization " + regularization);
    assertEquals(valLossAt(net, probe, before, direction, ALPHA), result.valLoss(), 1e-12);
  }

  /**
   * The explicit-parameter difference above is the true derivative only if DL4J's step is linear in α.
   * Check that on the real update: a step at 2α from the same state moves exactly twice as far.
   */
  @Test
  void dl4jStepsAreProportionalToTheLrForTheUpdatersTheProbeCallsExact() {
    for (IUpdaterCase c : List.of(
        new IUpdaterCase("sgd", lr -> new Sgd(new ServedLrSchedule(lr)), List.of()),
        new IUpdaterCase("sgd+weightDecay(applyLR)", lr -> new Sgd(new ServedLrSchedule(lr)),
            List.of(new WeightDecay(0.05, true))),
        new IUpdaterCase("adam", lr -> new Adam(new ServedLrSchedule(lr)), List.of()))) {
      ServedLearningRate lr = new ServedLearningRate(0.01);
      MultiLayerNetwork net = SmallNets.mlp(c.updater.apply(lr), c.regularization);
      net.fit(train);
      net.fit(train); // updater state (Adam moments) is non-trivial from here
      INDArray single = stepAt(net.clone(), lr, 0.01);
      INDArray twice = stepAt(net.clone(), lr, 0.02);
      assertArrayEquals(single.mul(2).toDoubleVector(), twice.toDoubleVector(), 1e-12, c.name);
    }
  }

  @Test
  void weightDecayWithoutTheLrIsNotProportional() {
    ServedLearningRate lr = new ServedLearningRate(0.01);
    MultiLayerNetwork net = SmallNets.mlp(new Sgd(new ServedLrSchedule(lr)), List.of(new WeightDecay(0.05, false)));
    INDArray single = stepAt(net.clone(), lr, 0.01);
    INDArray twice = stepAt(net.clone(), lr, 0.02);
    assertTrue(single.mul(2).sub(twice).norm2Number().doubleValue() > 1e-6, "why the javadoc warns about it");
  }

  @Test
  void probingChangesNeitherWeightsNorTheGradientView() {
    ServedLearningRate lr = new ServedLearningRate(ALPHA);
    MultiLayerNetwork net = SmallNets.mlp(new Sgd(new ServedLrSchedule(lr)), List.of());
    INDArray before = net.params().dup();
    net.fit(train);
    INDArray params = net.params().dup();
    INDArray gradientView = net.getFlattenedGradients().dup();
    double score = net.score();

    new HypergradientProbe(net, validation).probe(before, ALPHA);

    assertArrayEquals(params.toDoubleVector(), net.params().toDoubleVector(), 0.0);
    assertArrayEquals(gradientView.toDoubleVector(), net.getFlattenedGradients().toDoubleVector(), 0.0);
    assertEquals(score, net.score(), 0.0);
    assertEquals(train.getFeatures(), net.getInput());
  }

  @Test
  void meanValidationGradientIsTheGradientOfTheMeanLoss() {
    MultiLayerNetwork net = SmallNets.mlp(new Sgd(0.1), List.of(new WeightDecay(0.05, true)));
    HypergradientProbe probe = new HypergradientProbe(net, validation);
    INDArray gradient = probe.meanValidationGradient();
    INDArray params = net.params().dup();
    for (int i : new int[] {0, 17, 100, params.columns() - 1}) {
      INDArray plus = params.dup();
      plus.putScalar(i, params.getDouble(i) + EPS);
      INDArray minus = params.dup();
      minus.putScalar(i, params.getDouble(i) - EPS);
      net.setParams(plus);
      double up = probe.meanValidationLoss();
      net.setParams(minus);
      double down = probe.meanValidationLoss();
      assertEquals((up - down) / (2 * EPS), gradient.getDouble(i), 1e-7, "parameter " + i);
    }
    net.setParams(params);
  }

  @Test
  void refusesUnusableLrs() {
    MultiLayerNetwork net = SmallNets.mlp(new Sgd(0.1), List.of());
    HypergradientProbe probe = new HypergradientProbe(net, validation);
    assertThrows(IllegalArgumentException.class, () -> probe.probe(net.params().dup(), 0.0));
    assertThrows(IllegalArgumentException.class, () -> probe.probe(net.params().dup(), Double.NaN));
  }

  private static double valLossAt(MultiLayerNetwork net, HypergradientProbe probe, INDArray start, INDArray direction,
                                  double alpha) {
    INDArray saved = net.params().dup();
    net.setParams(start.sub(direction.mul(alpha)));
    double loss = probe.meanValidationLoss();
    net.setParams(saved);
    return loss;
  }

  private INDArray stepAt(MultiLayerNetwork net, ServedLearningRate lr, double alpha) {
    INDArray before = net.params().dup();
    lr.set(alpha);
    net.fit(train);
    return before.sub(net.params());
  }

  private record IUpdaterCase(String name, java.util.function.Function<ServedLearningRate, IUpdater> updater,
                              List<Regularization> regularization) {
  }
}
