package dev.mlrs.sim.job;

import dev.mlrs.sim.data.BatchIterator;
import dev.mlrs.sim.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Trains a network for a number of steps on seeded minibatches (the same order for every schedule with the
 * same seed), evaluating test accuracy at regular steps and stopping early when the loss stops being finite.
 * The LR of every step is set by the listeners attached to the net.
 */
public final class TrainingLoop {

  /** Test accuracy at one step. */
  public record Evaluation(long step, double accuracy) {
  }

  public record Outcome(long stepsRun, boolean diverged, List<Evaluation> evaluations) {
    public double finalAccuracy() {
      return evaluations.isEmpty() ? Double.NaN : evaluations.get(evaluations.size() - 1).accuracy();
    }
  }

  private TrainingLoop() {
  }

  /** Evaluations along the run use at most this many test samples (the final one uses all of them). */
  static final int CURVE_TEST_SAMPLES = 2000;

  /**
   * @param test        evaluated at {@code evaluations} evenly spaced steps: along the run on its first 2,000
   *                    samples, at the end in full (null: never)
   */
  public static Outcome train(MultiLayerNetwork net, Dataset train, int batchSize, long steps, long seed,
                              Dataset test, int evaluations) {
    Dataset curveTest = test == null || test.size() <= CURVE_TEST_SAMPLES ? test
        : test.subset(java.util.stream.IntStream.range(0, CURVE_TEST_SAMPLES).toArray(), test.name());
    BatchIterator batches = BatchIterator.shuffled(train, batchSize, seed).withDropLast();
    long every = evaluations > 0 ? Math.max(1, steps / evaluations) : Long.MAX_VALUE;
    List<Evaluation> evals = new ArrayList<>();
    boolean diverged = false;
    long step = 0;
    while (step < steps) {
      if (!batches.hasNext()) {
        batches.reset();
      }
      net.fit(batches.next());
      step++;
      if (!Double.isFinite(net.score())) {
        diverged = true;
        break;
      }
      if (test != null && step % every == 0 && step < steps) {
        evals.add(new Evaluation(step, accuracy(net, curveTest)));
      }
    }
    if (test != null) {
      evals.add(new Evaluation(step, accuracy(net, test)));
    }
    return new Outcome(step, diverged, evals);
  }

  /**
   * Fraction of samples whose highest output is their label. A row with a non-finite output counts as wrong,
   * so a diverged network scores (near) zero instead of failing the run (DL4J's Evaluation refuses NaNs).
   */
  public static double accuracy(MultiLayerNetwork net, Dataset data) {
    BatchIterator batches = BatchIterator.inOrder(data, 500);
    long correct = 0;
    int sample = 0;
    while (batches.hasNext()) {
      double[][] out = net.output(batches.next().getFeatures()).toDoubleMatrix();
      for (double[] row : out) {
        if (argmaxOrMinusOne(row) == data.label(sample)) {
          correct++;
        }
        sample++;
      }
    }
    return sample == 0 ? Double.NaN : (double) correct / sample;
  }

  private static int argmaxOrMinusOne(double[] row) {
    int best = -1;
    for (int k = 0; k < row.length; k++) {
      if (!Double.isFinite(row[k])) {
        return -1;
      }
      if (best < 0 || row[k] > row[best]) {
        best = k;
      }
    }
    return best;
  }
}
