package dev.mlrs.bench;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.experiments.replay.CellEngine;
import dev.mlrs.experiments.replay.CellInputs;
import dev.mlrs.experiments.replay.Nd4jCellEngine;
import dev.mlrs.experiments.replay.PlainCellEngine;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The what-if replay's cost: N recorded loss sequences of T steps through the default learner (H=50), one
 * sequence after another in plain Java against all at once in ND4J. Each size is timed until a second has
 * passed (at least once, at most 5 times) and the median kept; the two engines' outputs are compared too.
 * Both the wall time and the CPU time of the measuring thread are kept: on a shared machine the wall time
 * measures the neighbours, while with OMP_NUM_THREADS=1 (the launcher's default) ND4J computes on the calling
 * thread, so its CPU time is the engine's own cost. With more ND4J threads, or on a GPU, read the wall time.
 */
public final class BatchedCellBenchmark {

  /** One size: seconds per run of each engine (wall and thread CPU) and the largest output difference. */
  public record Row(int sequences, int steps, double plainSeconds, double nd4jSeconds, double plainCpuSeconds,
                    double nd4jCpuSeconds, double largestDifference) {
    /** Thread CPU time per sequence-step, in microseconds. */
    public double plainCpuMicrosPerStep() {
      return plainCpuSeconds * 1e6 / ((double) sequences * steps);
    }

    public double nd4jCpuMicrosPerStep() {
      return nd4jCpuSeconds * 1e6 / ((double) sequences * steps);
    }
  }

  private BatchedCellBenchmark() {
  }

  /** The ND4J backend in use (CpuBackend for nd4j-native, JCublasBackend for CUDA), for the table's caption. */
  public static String backend() {
    return Nd4j.getBackend().getClass().getSimpleName();
  }

  public static List<Row> run(int[] sizes, int steps, PrintStream progress) {
    Learner learner = Learner.of(LearnerFactory.paper(0L));
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
      rows.add(new Row(n, steps, p.seconds(), b.seconds(), p.cpuSeconds(), b.cpuSeconds(), worst));
    }
    return rows;
  }

  private record Timed(double seconds, double cpuSeconds, List<double[]> outputs) {
  }

  private static Timed time(CellEngine engine, Learner learner, List<CellInputs> seqs) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Double> wall = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    List<double[]> outputs = null;
    long budgetEnd = System.nanoTime() + 1_000_000_000L;
    do {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      outputs = engine.outputs(learner, seqs);
      wall.add((System.nanoTime() - t0) / 1e9);
      cpu.add((threads.getCurrentThreadCpuTime() - c0) / 1e9);
    } while (wall.size() < 5 && System.nanoTime() < budgetEnd);
    return new Timed(median(wall), median(cpu), outputs);
  }

  private static double median(List<Double> values) {
    return new Percentiles(values.stream().mapToDouble(Double::doubleValue).toArray()).median();
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
