package dev.mlrs.sim.schedule;

import static dev.mlrs.sim.schedule.LocalScheduleListenerTest.doubleCopy;
import static dev.mlrs.sim.schedule.LocalScheduleListenerTest.meanGradient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.client.dl4j.ServedLearningRate;
import dev.mlrs.client.dl4j.ServedLrSchedule;
import dev.mlrs.sim.data.Dataset;
import dev.mlrs.sim.data.Dl4jDataSets;
import dev.mlrs.sim.data.InputShape;
import dev.mlrs.sim.data.SyntheticData;
import dev.mlrs.sim.job.StepRecord;
import dev.mlrs.sim.model.ModelOptions;
import dev.mlrs.sim.model.Models;
import dev.mlrs.sim.model.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** SGD-HD on real DL4J nets: the gradient it uses, the update rule, and the direction α moves. */
class HypergradientDescentListenerTest {

  private static final int N = 20;
  private static final int STEPS = 5;

  @Test
  void usesTheMeanMinibatchGradientAndTrainsEachStepWithItsNewAlpha() {
    Dataset data = SyntheticData.prototypes(N * STEPS, 3, InputShape.flat(8), 11);
    ServedLearningRate holder = new ServedLearningRate(0.9);
    MultiLayerNetwork net = Models.build("mlp", InputShape.flat(8), 3, ModelOptions.builder().seed(4)
        .mlpHiddenLayers(16).learningRate(new ServedLrSchedule(holder)).build());
    double beta = 0.05;
    List<StepRecord> records = new ArrayList<>();
    HypergradientDescentListener hd = new HypergradientDescentListener(0.05, beta, holder, records::add);
    net.addListeners(hd);
    assertNull(hd.latestGradient());

    double expectedAlpha = 0.05;
    INDArray previous = null;
    for (int t = 0; t < STEPS; t++) {
      DataSet batch = Dl4jDataSets.of(data, IntStream.range(t * N, (t + 1) * N).toArray());
      INDArray g = meanGradient(net, batch); // calculateGradients / N, in double
      INDArray before = doubleCopy(net.params());

      net.fit(batch);

      double scale = g.amaxNumber().doubleValue();
      assertArrayEquals(g.toDoubleVector(), hd.latestGradient().toDoubleVector(), 1e-6 * scale,
          "HD's g_t is the mean (not the summed) gradient at w_t, step " + t);
      if (previous != null) {
        expectedAlpha += beta * g.mul(previous).sumNumber().doubleValue();
      }
      assertEquals(expectedAlpha, records.get(t).lr(), 1e-6 * expectedAlpha, "alpha_" + t);
      INDArray applied = before.sub(doubleCopy(net.params()));
      assertArrayEquals(g.mul(records.get(t).lr()).toDoubleVector(), applied.toDoubleVector(), 2e-6,
          "step " + t + " trains with alpha_" + t);
      previous = g;
    }
    assertTrue(Math.abs(expectedAlpha - 0.05) > 1e-3, "alpha moved: " + expectedAlpha);
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), records.stream().map(StepRecord::step).toList());
    assertTrue(records.stream().allMatch(r -> !r.fallback() && r.learnerVersion() == -1 && r.roundTripMs() == 0));
  }

  /**
   * Weight decay and Adam act in the updater, after onGradientCalculation: HD still sees the raw mean
   * gradient of the data loss (calculateGradients leaves regularisation out too), i.e. it is SGD-HD.
   */
  @Test
  void usesTheRawDataLossGradientUnderAdamWithWeightDecay() {
    Dataset data = SyntheticData.prototypes(N * 3, 3, InputShape.flat(8), 12);
    ServedLearningRate holder = new ServedLearningRate(0.9);
    MultiLayerNetwork net = Models.build("mlp", InputShape.flat(8), 3, ModelOptions.builder().seed(4)
        .optimizer(Optimizer.ADAM).weightDecay(0.05).mlpHiddenLayers(16)
        .learningRate(new ServedLrSchedule(holder)).build());
    HypergradientDescentListener hd = new HypergradientDescentListener(0.01, 0.01, holder, r -> { });
    net.addListeners(hd);
    for (int t = 0; t < 3; t++) {
      DataSet batch = Dl4jDataSets.of(data, IntStream.range(t * N, (t + 1) * N).toArray());
      INDArray g = meanGradient(net, batch);
      net.fit(batch);
      assertArrayEquals(g.toDoubleVector(), hd.latestGradient().toDoubleVector(), 1e-6 * g.amaxNumber().doubleValue(),
          "step " + t);
    }
  }

  @Test
  void alphaRisesWhileATooSmallLrKeepsSuccessiveGradientsAligned() {
    LinearRegression problem = new LinearRegression();
    List<Double> alphas = problem.train(problem.stableLrBound() * 0.01, 1e-3, 20);
    for (int t = 1; t < alphas.size(); t++) {
      assertTrue(alphas.get(t) > alphas.get(t - 1), "alpha rises at " + t + ": " + alphas);
    }
  }

  @Test
  void alphaFallsWhenATooLargeLrMakesTheIterateOscillate() {
    LinearRegression problem = new LinearRegression();
    double bound = problem.stableLrBound();
    double initialLoss = problem.loss();
    List<Double> alphas = problem.train(1.5 * bound, 1e-3, 40);
    assertTrue(alphas.get(1) < alphas.get(0), "the first hypergradient step lowers alpha: " + alphas);
    assertTrue(alphas.get(alphas.size() - 1) < bound, "alpha ends below 2/lambda_max = " + bound + ": " + alphas);
    assertTrue(problem.loss() < initialLoss, "and the loss goes down: " + problem.loss());
  }

  @Test
  void alphaIsClampedToZeroAndMaxLr() {
    LinearRegression opposing = new LinearRegression();
    List<Double> down = opposing.train(1.5 * opposing.stableLrBound(), 1e6, 5);
    assertEquals(0.0, down.get(1), 0, "a huge beta cannot make alpha negative: " + down);
    assertTrue(down.stream().allMatch(a -> a >= 0), down.toString());

    LinearRegression aligned = new LinearRegression();
    List<Double> up = aligned.train(1e-4, 1e6, 3, 0.2);
    assertEquals(0.2, up.get(1), 0, "nor push it past maxLr: " + up);
  }

  @Test
  void rejectsBadSettings() {
    ServedLearningRate holder = new ServedLearningRate(0.1);
    assertThrows(IllegalArgumentException.class, () -> new HypergradientDescentListener(0.1, -1, holder, r -> { }));
    assertThrows(IllegalArgumentException.class, () -> new HypergradientDescentListener(11, 0, holder, r -> { }));
    assertThrows(IllegalArgumentException.class,
        () -> new HypergradientDescentListener(0.1, 0, 1, List.of(), r -> { }));
  }

  /**
   * Full-batch least squares on a linear model (a DL4J identity output layer with MSE, double precision):
   * convex, with the same gradient every step for the same weights, and a known stability bound.
   */
  static final class LinearRegression {
    static final int SAMPLES = 32;
    static final int FEATURES = 4;
    final DataSet batch;
    final ServedLearningRate holder = new ServedLearningRate(0);
    final MultiLayerNetwork net;

    LinearRegression() {
      Random random = new Random(42);
      double[][] x = new double[SAMPLES][FEATURES];
      double[][] y = new double[SAMPLES][1];
      double[] w = {1.0, -2.0, 0.5, 3.0};
      for (int i = 0; i < SAMPLES; i++) {
        y[i][0] = 0.5;
        for (int j = 0; j < FEATURES; j++) {
          x[i][j] = random.nextGaussian();
          y[i][0] += w[j] * x[i][j];
        }
      }
      batch = new DataSet(Nd4j.create(x), Nd4j.create(y));
      net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
          .seed(7)
          .dataType(DataType.DOUBLE)
          .updater(new Sgd(new ServedLrSchedule(holder)))
          .list()
          .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
              .nIn(FEATURES).nOut(1).build())
          .build());
      net.init();
    }

    List<Double> train(double initialLr, double beta, int steps) {
      return train(initialLr, beta, steps, HypergradientDescentListener.DEFAULT_MAX_LR);
    }

    /** The alphas of the steps. */
    List<Double> train(double initialLr, double beta, int steps, double maxLr) {
      List<Double> alphas = new ArrayList<>();
      net.addListeners(new HypergradientDescentListener(initialLr, beta, maxLr, List.of(holder),
          r -> alphas.add(r.lr())));
      for (int t = 0; t < steps; t++) {
        net.fit(batch);
      }
      return alphas;
    }

    double loss() {
      return net.score(batch, false);
    }

    /**
     * 2 / λ_max of the loss' Hessian (2/N) AᵀA, A = [x 1]: plain gradient descent with a larger LR diverges
     * along the top eigenvector, flipping the gradient's sign every step.
     */
    double stableLrBound() {
      double[][] a = new double[SAMPLES][FEATURES + 1];
      INDArray x = batch.getFeatures();
      for (int i = 0; i < SAMPLES; i++) {
        for (int j = 0; j < FEATURES; j++) {
          a[i][j] = x.getDouble(i, j);
        }
        a[i][FEATURES] = 1;
      }
      double[] v = new double[FEATURES + 1];
      java.util.Arrays.fill(v, 1);
      double lambda = 0;
      for (int iteration = 0; iteration < 500; iteration++) { // power iteration on (2/N) AᵀA
        double[] av = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
          for (int j = 0; j <= FEATURES; j++) {
            av[i] += a[i][j] * v[j];
          }
        }
        double[] hv = new double[FEATURES + 1];
        for (int j = 0; j <= FEATURES; j++) {
          for (int i = 0; i < SAMPLES; i++) {
            hv[j] += 2.0 / SAMPLES * a[i][j] * av[i];
          }
        }
        lambda = Math.sqrt(java.util.Arrays.stream(hv).map(h -> h * h).sum());
        for (int j = 0; j <= FEATURES; j++) {
          v[j] = hv[j] / lambda;
        }
      }
      return 2 / lambda;
    }
  }
}
