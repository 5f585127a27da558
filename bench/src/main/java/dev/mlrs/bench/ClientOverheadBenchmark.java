package dev.mlrs.bench;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.ClientStats;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.LrSource;
import dev.mlrs.client.PipelinedLrSource;
import dev.mlrs.client.dl4j.MlrsDl4j;
import dev.mlrs.client.dl4j.ServedLearningRate;
import dev.mlrs.client.dl4j.ServedLrSchedule;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.sim.data.Dataset;
import dev.mlrs.sim.data.Datasets;
import dev.mlrs.sim.data.LoadOptions;
import dev.mlrs.sim.job.TrainingLoop;
import dev.mlrs.sim.model.ModelOptions;
import dev.mlrs.sim.model.Models;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * What attaching to the service costs a real DL4J job: the same Fashion-MNIST MLP, seed and batches, trained
 * with a local constant LR and with the LR the agent serves (FROZEN, default learner), in turn for a few rounds.
 * Compares the median wall time of a training step (one {@code fit} of a minibatch, report and reply included).
 */
final class ClientOverheadBenchmark {
  static final String DATASET = "fashion-mnist";
  static final String MODEL = "mlp";
  static final int BATCH = 64;
  private static final long SEED = 7;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ClientOverheadBenchmark() {
  }

  /**
   * @param localStepMs  median step time with a local LR
   * @param servedStepMs median step time with the served LR
   * @param overhead     the median over rounds of (served / local - 1)
   * @param client       the served job's client statistics of the last round (its round trips)
   * @param pipelinedStepMs   median step time with the served LR asked for one step ahead ({@link PipelinedLrSource})
   * @param pipelinedOverhead the median over rounds of (pipelined / local - 1)
   * @param waitedAhead       pipelined steps, over all rounds, whose reply had not arrived when the step needed it
   * @param localCpuMicros    CPU time of the training thread per step, local LR
   * @param servedCpuMicros   the same with the served LR (encoding and sending the report included)
   * @param clientThreadsCpuMicros CPU time per step of the client's own threads (reply poller, producer I/O,
   *                               timeouts): what the job's machine pays besides its training thread
   */
  record Result(double localStepMs, double servedStepMs, double overhead, ClientStats client,
                double pipelinedStepMs, double pipelinedOverhead, long waitedAhead, double localCpuMicros,
                double servedCpuMicros, double clientThreadsCpuMicros) {
  }

  static Result run(AgentSettings settings, int steps, int rounds, PrintStream progress) {
    Dataset train = Datasets.load(DATASET, LoadOptions.defaults().withTrainLimit(10_000).withSeed(SEED)).train();
    double[] local = new double[rounds];
    double[] served = new double[rounds];
    double[] overhead = new double[rounds];
    double[] pipelined = new double[rounds];
    double[] pipelinedOverhead = new double[rounds];
    long waited = 0;
    double[] localCpu = new double[rounds];
    double[] servedCpu = new double[rounds];
    double[] clientCpu = new double[rounds];
    ClientStats stats = null;
    try (MlrsAgent agent = MlrsAgent.start(settings, Duration.ofMinutes(2))) {
      ClientSettings cluster = ClientSettings.of(settings.connection()).withTopicPrefix(settings.topicPrefix());
      // One unreported round of every arm first: step times kept falling over the first rounds in one JVM
      // (JIT of DL4J's and the client's paths, ND4J's first allocations).
      stepMillis(train, steps, null);
      try (LrClient client = LrClient.attach(cluster, frozenJob("overhead-warm-up", steps + 1))) {
        stepMillis(train, steps, client);
      }
      try (LrClient client = LrClient.attach(cluster, frozenJob("overhead-warm-up-pipelined", steps + 1))) {
        stepMillis(train, steps, PipelinedLrSource.of(client));
      }
      for (int round = 0; round < rounds; round++) {
        long localStart = THREADS.getCurrentThreadCpuTime();
        local[round] = median(stepMillis(train, steps, null));
        localCpu[round] = (THREADS.getCurrentThreadCpuTime() - localStart) / 1e3 / (steps + 1);
        try (LrClient client = LrClient.attach(cluster, frozenJob("overhead-" + round, steps + 1))) {
          long trainingCpu = THREADS.getCurrentThreadCpuTime();
          served[round] = median(stepMillis(train, steps, client));
          trainingCpu = THREADS.getCurrentThreadCpuTime() - trainingCpu;
          stats = client.stats();
          clientCpu[round] = clientThreadsCpuNanos("mlrs-client-overhead-" + round + "-") / 1e3 / (steps + 1);
          servedCpu[round] = trainingCpu / 1e3 / (steps + 1);
        }
        try (LrClient client = LrClient.attach(cluster, frozenJob("overhead-pipelined-" + round, steps + 1))) {
          PipelinedLrSource ahead = PipelinedLrSource.of(client);
          pipelined[round] = median(stepMillis(train, steps, ahead));
          waited += ahead.waitedAhead();
        }
        overhead[round] = served[round] / local[round] - 1;
        pipelinedOverhead[round] = pipelined[round] / local[round] - 1;
        progress.printf("  round %d/%d: step %.2f ms local, %.2f ms served (%+.1f %%), %.2f ms pipelined (%+.1f %%)%n",
            round + 1, rounds, local[round], served[round], 100 * overhead[round], pipelined[round],
            100 * pipelinedOverhead[round]);
      }
    }
    return new Result(median(local), median(served), median(overhead), stats, median(pipelined),
        median(pipelinedOverhead), waited, median(localCpu), median(servedCpu), median(clientCpu));
  }

  /** Trains a fresh net for {@code steps} steps; the wall time of each, in ms. The LR is served when client != null. */
  private static double[] stepMillis(Dataset train, int steps, LrSource client) {
    ServedLearningRate lr = new ServedLearningRate(0.05);
    MultiLayerNetwork net = Models.build(MODEL, train, ModelOptions.builder().seed(SEED)
        .learningRate(new ServedLrSchedule(lr)).build());
    if (client != null) {
      MlrsDl4j.attach(net, client);
    }
    StepClock clock = new StepClock();
    net.addListeners(clock);
    TrainingLoop.train(net, train, BATCH, steps + 1, SEED, null, 0);
    return clock.durations.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static JobOptions frozenJob(String id, long totalSteps) {
    return JobOptions.builder(id).mode(LearnerMode.FROZEN).numClasses(10).referenceLoss(2.3).totalSteps(totalSteps)
        .initialFallbackLr(0.05).build();
  }

  /** CPU time so far of the live threads whose name contains {@code marker} (the client's threads are named so). */
  private static long clientThreadsCpuNanos(String marker) {
    long sum = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(marker)) {
        sum += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }

  private static double median(double[] values) {
    return new Percentiles(values).median();
  }

  /** Wall time between consecutive iterations' ends: one whole step each (the first step has no start). */
  private static final class StepClock extends BaseTrainingListener {
    private final List<Double> durations = new ArrayList<>();
    private long last = -1;

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
      long now = System.nanoTime();
      if (last >= 0) {
        durations.add((now - last) / 1e6);
      }
      last = now;
    }
  }
}
