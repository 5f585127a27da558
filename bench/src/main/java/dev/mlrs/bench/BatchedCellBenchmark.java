package dev.mlrs.bench;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.experiments.replay.CellEngine;
import dev.mlrs.experiments.replay.CellInputs;
import dev.mlrs.experiments.replay.Nd4jCellEngine;
import dev.mlrs.experiments.replay.PlainCellEngine;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The what-if replay's cost: N recorded loss sequences of T steps through the default learner (H=50), one
 * sequence after another in plain Java against all at once in ND4J. Each size is timed until a second has
 * passed (at least once, at most 5 times) and the median kept; the two engines' outputs are compared too.
 */
public final class BatchedCellBenchmark {

  /** One size: seconds per run of each engine and the largest output difference between them. */
  public record Row(int sequences, int steps, double plainSeconds, double nd4jSeconds, double largestDifference) {
    public double plainMicrosPerStep() {
      return plainSeconds * 1e6 / ((double) sequences * steps);
    }

    public double nd4jMicrosPerStep() {
      return nd4jSeconds * 1e6 / ((double) sequences * steps);
    }
  }

  private BatchedCellBenchmark() {
  }

  /** The ND4J backend in use (CpuBackend for nd4j-native, JCublasBackend for CUDA), for the table's caption. */
  public static String backend() {
    return Nd4j.getBackend().getClass().getSimpleName();
  }

  public static List<Row> run(int[] sizes, int steps, PrintStream progress) {
    Learner learner = Learner.of(LearnerFactory.shipped(0L).get(0));
    PlainCellEngine plain = new PlainCellEngine();
    Nd4jCellEngine nd4j = new Nd4jCellEngine();
    List<CellInputs> warmUp = sequences(learner, 16, steps, 1);
    time(plain, learner, warmUp);   // JIT and ND4J's native start-up are not what is measured
    time(nd4j, learner, warmUp);
    List<Row> rows = new ArrayList<>();
    for (int n : sizes) {
      progress.printf("batched cell: %d sequence(s) x %d steps ...%n", n, steps);
      List<CellInputs> seqs = sequences(learner, n, steps, n);
      Timed p = time(plain, learner, seqs);
      Timed b = time(nd4j, learner, seqs);
      double worst = 0;
      for (int i = 0; i < n; i++) {
        for (int t = 0; t < steps; t++) {
          worst = Math.max(worst, Math.abs(p.outputs().get(i)[t] - b.outputs().get(i)[t]));
        }
      }
      rows.add(new Row(n, steps, p.seconds(), b.seconds(), worst));
    }
    return rows;
  }

  private record Timed(double seconds, List<double[]> outputs) {
  }

  private static Timed time(CellEngine engine, Learner learner, List<CellInputs> seqs) {
    List<Double> seconds = new ArrayList<>();
    List<double[]> outputs = null;
    long budgetEnd = System.nanoTime() + 1_000_000_000L;
    do {
      long t0 = System.nanoTime();
      outputs = engine.outputs(learner, seqs);
      seconds.add((System.nanoTime() - t0) / 1e9);
    } while (seconds.size() < 5 && System.nanoTime() < budgetEnd);
    return new Timed(new Percentiles(seconds.stream().mapToDouble(Double::doubleValue).toArray()).median(), outputs);
  }

  /** Loss curves that fall with noise, as a job's do. */
  static List<CellInputs> sequences(Learner learner, int count, int steps, long seed) {
    Random rnd = new Random(seed);
    List<CellInputs> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double[] loss = new double[steps];
      double level = 2.0 + rnd.nextDouble();
      for (int t = 0; t < steps; t++) {
        level *= 0.995;
        loss[t] = level * (1 + 0.1 * rnd.nextGaussian());
      }
      out.add(new CellInputs(loss, new double[steps], new int[steps]));
    }
    return out;
  }
}
