package dev.mlrs.sim.experiment;

import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.dl4j.MlrsDl4j;
import dev.mlrs.client.dl4j.ServedLearningRate;
import dev.mlrs.client.dl4j.ServedLrSchedule;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.sim.data.Dl4jDataSets;
import dev.mlrs.sim.job.RecordingLrSource;
import dev.mlrs.sim.job.StepRecord;
import dev.mlrs.sim.job.TrainingJob;
import dev.mlrs.sim.job.TrainingLoop;
import dev.mlrs.sim.model.ModelOptions;
import dev.mlrs.sim.model.Models;
import dev.mlrs.sim.report.RunResult;
import dev.mlrs.sim.schedule.HypergradientDescentListener;
import dev.mlrs.sim.schedule.LocalScheduleListener;
import dev.mlrs.sim.schedule.LrSchedules;
import dev.mlrs.sim.schedule.ScheduleContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Runs one {@link RunSpec}: builds the task's network with the seed, attaches the schedule (a local one, HD,
 * or MLR-SNet served by the agent), trains, and reports test and validation accuracy with the run's curves.
 */
public final class RunExecutor {
  static final int CURVE_POINTS = 100;
  static final double FALLBACK_LR = 0.05;
  private final ClientSettings cluster;
  private final String tag;

  /** @param cluster where the agent is (null when no schedule is served); @param tag makes job ids unique */
  public RunExecutor(ClientSettings cluster, String tag) {
    this.cluster = cluster;
    this.tag = tag;
  }

  /** The outcome of a run; validationAccuracy is what tuning selects by (never the test set). */
  public record Outcome(RunResult result, double validationAccuracy) {
  }

  public Outcome run(RunSpec run, PreparedTask data) {
    long started = System.nanoTime();
    TaskSpec task = run.task();
    ServedLearningRate lr = new ServedLearningRate(FALLBACK_LR);
    String optimizer = run.schedule().optimizer() != null ? run.schedule().optimizer() : task.optimizer();
    MultiLayerNetwork net = Models.build(task.model(), data.train(), ModelOptions.builder()
        .seed(run.seed())
        .optimizer(optimizer)
        .weightDecay(task.weightDecay())
        .learningRate(new ServedLrSchedule(lr))
        .build());
    List<StepRecord> steps = Collections.synchronizedList(new ArrayList<>());
    Consumer<StepRecord> record = steps::add;
    TrainingLoop.Outcome outcome;
    if (run.schedule().served()) {
      outcome = trainServed(run, data, net, record);
    } else {
      attachLocal(run, data, net, lr, record);
      outcome = TrainingLoop.train(net, data.train(), task.batchSize(), data.totalSteps(), run.seed(), data.test(),
          run.evaluations());
    }
    double validation = TrainingLoop.accuracy(net, data.validation());
    List<StepRecord> done;
    synchronized (steps) {
      done = List.copyOf(steps);
    }
    int tail = Math.max(1, done.size() / 20);
    double finalLoss = done.subList(done.size() - Math.min(tail, done.size()), done.size()).stream()
        .mapToDouble(StepRecord::loss).average().orElse(Double.NaN);
    RunResult result = new RunResult(run.experiment(), task.name(), run.schedule().name(), run.hyperparameters(),
        run.seed(), outcome.finalAccuracy(), outcome.diverged() ? Double.NaN : finalLoss, outcome.diverged(),
        (System.nanoTime() - started) / 1e9, Curves.of(done, outcome.evaluations(), CURVE_POINTS));
    return new Outcome(result, validation);
  }

  private static void attachLocal(RunSpec run, PreparedTask data, MultiLayerNetwork net, ServedLearningRate lr,
                                  Consumer<StepRecord> record) {
    if (run.schedule().schedule().equals("hd")) {
      net.addListeners(new HypergradientDescentListener(param(run, "lr"), param(run, "beta"), lr, record));
      return;
    }
    ScheduleContext context = new ScheduleContext(data.totalSteps(), data.stepsPerEpoch());
    net.addListeners(new LocalScheduleListener(LrSchedules.create(run.schedule().schedule(), run.params(), context),
        lr, record));
  }

  private TrainingLoop.Outcome trainServed(RunSpec run, PreparedTask data, MultiLayerNetwork net,
                                           Consumer<StepRecord> record) {
    if (cluster == null) {
      throw new IllegalStateException("schedule " + run.schedule().name() + " needs the agent, but no cluster was given");
    }
    LearnerMode mode = LearnerMode.valueOf(run.mode());
    double referenceLoss = TrainingJob.referenceLoss(net, data.train(), run.seed());
    JobOptions options = JobOptions.builder(run.jobId(tag))
        .learner(run.schedule().learnerFor(run.task().name()))
        .mode(mode)
        .numClasses(data.train().numClasses())
        .referenceLoss(referenceLoss)
        .totalSteps(data.totalSteps())
        .validateEvery(run.validateEvery())
        .lrMin(0)
        .lrMax(10)
        .initialFallbackLr(FALLBACK_LR)
        .build();
    try (LrClient client = LrClient.attach(cluster, options)) {
      RecordingLrSource source = new RecordingLrSource(client, record);
      MlrsDl4j.attach(net, source, mode == LearnerMode.LEARN ? Dl4jDataSets.of(data.validation()) : null);
      return TrainingLoop.train(net, data.train(), run.task().batchSize(), data.totalSteps(), run.seed(), data.test(),
          run.evaluations());
    }
  }

  private static double param(RunSpec run, String name) {
    Double value = run.params().get(name);
    if (value == null) {
      throw new IllegalArgumentException("schedule " + run.schedule().name() + " needs parameter '" + name + "'");
    }
    return value;
  }
}
