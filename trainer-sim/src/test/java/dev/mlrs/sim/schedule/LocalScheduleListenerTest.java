package dev.mlrs.sim.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * On a real (float32) DL4J MLP with plain SGD, step t moves the weights by exactly lr_t · g_t / N, with
 * lr_t the LR the schedule gave for step t: the schedule's LR is applied in the same step.
 */
class LocalScheduleListenerTest {

  static final int N = 20;
  static final int STEPS = 6;

  /** Remembers what the schedule was asked and answered. */
  static final class RecordingSchedule implements LrSchedule {
    final LrSchedule inner;
    final List<Long> steps = new ArrayList<>();
    final List<Double> losses = new ArrayList<>();
    final List<Double> lrs = new ArrayList<>();

    RecordingSchedule(LrSchedule inner) {
      this.inner = inner;
    }

    @Override
    public double lr(long step, double loss) {
      double lr = inner.lr(step, loss);
      steps.add(step);
      losses.add(loss);
      lrs.add(lr);
      return lr;
    }
  }

  private final Dataset data = SyntheticData.prototypes(N * STEPS, 3, InputShape.flat(8), 5);

  @Test
  void eachStepTrainsWithTheLrTheScheduleGaveForIt() {
    ServedLearningRate holder = new ServedLearningRate(0.9); // far from every scheduled LR
    MultiLayerNetwork net = mlp(holder);
    // LRs that differ by a factor 2.15 from step to step, so using a neighbour's LR cannot pass.
    RecordingSchedule schedule = new RecordingSchedule(new ExponentialSchedule(0.5, 0.01, STEPS));
    List<StepRecord> records = new ArrayList<>();
    net.addListeners(new LocalScheduleListener(schedule, holder, records::add));

    for (int t = 0; t < STEPS; t++) {
      DataSet batch = batch(t);
      INDArray before = doubleCopy(net.params());
      INDArray meanGradient = meanGradient(net, batch);
      double loss = net.score(batch, true) - net.calcRegularizationScore(true);

      net.fit(batch);

      double lr = schedule.lrs.get(t);
      INDArray applied = before.sub(doubleCopy(net.params()));
      assertTrue(applied.amaxNumber().doubleValue() > 1e-4, "a visible step at " + t);
      // float32 weights: each entry is rounded to ~1e-7 relative; a wrong LR is off by > 50 %.
      assertArrayEquals(meanGradient.mul(lr).toDoubleVector(), applied.toDoubleVector(), 2e-6, "step " + t);
      double fittedLr = applied.mul(meanGradient).sumNumber().doubleValue()
          / meanGradient.mul(meanGradient).sumNumber().doubleValue();
      assertEquals(lr, fittedLr, 1e-4 * lr, "LR of the applied step " + t);
      assertEquals(loss, schedule.losses.get(t), 1e-5, "the schedule sees f_t without regularisation, step " + t);
      assertEquals(new StepRecord(t, schedule.losses.get(t), lr, false, -1, 0), records.get(t));
    }
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), schedule.steps);
    assertEquals(schedule.lrs.get(STEPS - 1), holder.get(), 0);
  }

  @Test
  void setsEveryHolder() {
    ServedLearningRate first = new ServedLearningRate(0.9);
    ServedLearningRate second = new ServedLearningRate(0.9);
    MultiLayerNetwork net = mlp(first);
    net.addListeners(new LocalScheduleListener(new FixedSchedule(0.02), List.of(first, second), r -> { }));
    net.fit(batch(0));
    assertEquals(0.02, first.get(), 0);
    assertEquals(0.02, second.get(), 0);
  }

  private MultiLayerNetwork mlp(ServedLearningRate holder) {
    return Models.build("mlp", InputShape.flat(8), 3, ModelOptions.builder().seed(3).mlpHiddenLayers(16)
        .learningRate(new ServedLrSchedule(holder)).build());
  }

  private DataSet batch(int t) {
    return Dl4jDataSets.of(data, IntStream.range(t * N, (t + 1) * N).toArray());
  }

  /** DL4J's gradient at the net's weights is summed over the batch; the SGD step uses the mean. */
  static INDArray meanGradient(MultiLayerNetwork net, DataSet batch) {
    INDArray summed = net.calculateGradients(batch.getFeatures(), batch.getLabels(), null, null).getFirst().gradient();
    return doubleCopy(summed).divi(batch.numExamples());
  }

  /** A flat double copy (castTo alone returns the same array when it already is double). */
  static INDArray doubleCopy(INDArray a) {
    return a.castTo(DataType.DOUBLE).dup().reshape(a.length());
  }
}
