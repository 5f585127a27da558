package dev.mlrs.sim.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.sim.data.Dataset;
import dev.mlrs.sim.data.Dl4jDataSets;
import dev.mlrs.sim.data.InputShape;
import dev.mlrs.sim.data.SyntheticData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.schedule.ISchedule;

/** The caller's schedule reaches DL4J's updater, and the rate it returns is the one used at each step. */
class LearningRateScheduleTest {

  /** A schedule the caller sets from outside; clone() returns itself so DL4J's copies stay connected. */
  static final class SettableRate implements ISchedule {
    double value;
    final List<Integer> iterationsSeen = new ArrayList<>();

    @Override
    public double valueAt(int iteration, int epoch) {
      iterationsSeen.add(iteration);
      return value;
    }

    @Override
    public ISchedule clone() {
      return this;
    }
  }

  private static final double FROZEN = 1e-6;

  private final Dataset data = SyntheticData.prototypes(64, 4, InputShape.grayscale(4, 4), 3);
  private final DataSet batch = Dl4jDataSets.of(data);

  @ParameterizedTest
  @EnumSource(Optimizer.class)
  void zeroRateFreezesAndAPositiveRateMoves(Optimizer optimizer) {
    SettableRate rate = new SettableRate();
    ModelOptions options = ModelOptions.builder().seed(2).optimizer(optimizer).learningRate(rate)
        .weightDecay(1e-3).mlpHiddenLayers(16).build();
    TrainableNet net = Models.buildNet("mlp", data, options);

    INDArray start = net.params().dup();
    rate.value = 0.0;
    net.fit(batch);
    net.fit(batch);
    // Also the weight decay step is scaled by the LR (applyLR = true), so nothing moves (Adam's native op
    // still rounds parameters by about one float ulp, ~6e-8, at lr 0; without applyLR they move by ~3e-3).
    assertTrue(maxChange(start, net.params()) < FROZEN, optimizer + ": params moved at lr 0 by "
        + maxChange(start, net.params()));

    rate.value = 0.05;
    net.fit(batch);
    assertTrue(maxChange(start, net.params()) > 1e-4, optimizer + ": params did not move at lr 0.05");
    assertTrue(rate.iterationsSeen.contains(2), "the schedule saw iteration 2: " + rate.iterationsSeen);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cnn", "resnet-mlp"})
  void otherModelsUseTheScheduleToo(String name) {
    SettableRate rate = new SettableRate();
    TrainableNet net = Models.buildNet(name, data,
        ModelOptions.builder().learningRate(rate).mlpHiddenLayers(16).build());
    INDArray start = net.params().dup();
    net.fit(batch);
    assertTrue(maxChange(start, net.params()) < FROZEN, name + ": params moved at lr 0");
    rate.value = 0.1;
    net.fit(batch);
    assertTrue(maxChange(start, net.params()) > 1e-4, name + ": params did not move at lr 0.1");
  }

  private static double maxChange(INDArray before, INDArray after) {
    return after.sub(before).amaxNumber().doubleValue();
  }
}
