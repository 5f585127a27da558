package dev.mlrs.experiments;

import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.dl4j.ServedLearningRate;
import dev.mlrs.client.dl4j.ServedLrSchedule;
import dev.mlrs.experiments.report.LrBracket;
import dev.mlrs.experiments.report.RunResult;
import dev.mlrs.sim.job.FinalLoss;
import dev.mlrs.sim.job.ServedTraining;
import dev.mlrs.sim.job.StepRecord;
import dev.mlrs.sim.job.TrainingLoop;
import dev.mlrs.sim.model.ModelOptions;
import dev.mlrs.sim.model.Models;
import dev.mlrs.sim.schedule.HypergradientDescentListener;
import dev.mlrs.sim.schedule.LocalScheduleListener;
import dev.mlrs.sim.schedule.LrSchedule;
import dev.mlrs.sim.schedule.LrSchedules;
import dev.mlrs.sim.schedule.PlateauSchedule;
import dev.mlrs.sim.schedule.ScheduleContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Runs one {@link RunSpec}: builds the task's network with the seed, attaches the schedule (a local one, HD,
 * or MLR-SNet served by the agent through {@link ServedTraining}), trains, and reports test and validation
 * accuracy with the run's curves.
 */
public final class RunExecutor {
  static final int CURVE_POINTS = 100;
  static final double FALLBACK_LR = 0.05;
  /** Served LRs are bounded by the learner's gamma; the job's own bounds only guard against nonsense. */
  static final double SERVED_LR_MIN = 0;
  static final double SERVED_LR_MAX = 10;
  private final ClientSettings cluster;
  private final String tag;

  /** @param cluster where the agent is (null when no schedule is served); @param tag makes job ids unique */
  public RunExecutor(ClientSettings cluster, String tag) {
    this.cluster = cluster;
    this.tag = tag;
  }

  /** The outcome of a run; validationAccuracy is what tuning selects by (never the test set). */
  /**
   * @param note something the run's line should add, e.g. that a plateau schedule never reduced; null if nothing
   */
  public record Outcome(RunResult result, double validationAccuracy, String note) {
  }

  public Outcome run(RunSpec run, PreparedTask data) {
    long started = System.nanoTime();
    TaskSpec task = run.task();
    ServedLearningRate lr = new ServedLearningRate(FALLBACK_LR);
    String optimizer = run.schedule() instanceof BaselineEntry baseline ? baseline.optimizerFor(task)
        : task.optimizer();
    MultiLayerNetwork net = Models.build(task.model(), data.train(), ModelOptions.builder()
        .seed(run.seed())
        .optimizer(optimizer)
        .weightDecay(task.weightDecay())
        .learningRate(new ServedLrSchedule(lr))
        .build());
    List<StepRecord> steps = Collections.synchronizedList(new ArrayList<>());
    Consumer<StepRecord> record = steps::add;
    TrainingLoop.Outcome outcome;
    LrSchedule local = null;
    if (run.schedule() instanceof ServedEntry served) {
      outcome = trainServed(run, served, data, net, record);
    } else {
      local = attachLocal(run, (BaselineEntry) run.schedule(), data, net, lr, record);
      outcome = TrainingLoop.train(net, data.train(), task.batchSize(), data.totalSteps(), run.seed(), data.test(),
          run.evaluations());
    }
    double validation = TrainingLoop.accuracy(net, data.validation());
    List<StepRecord> done;
    synchronized (steps) {
      done = List.copyOf(steps);
    }
    RunResult result = new RunResult(run.experiment(), task.name(), run.schedule().name(), run.hyperparameters(),
        run.seed(), outcome.finalAccuracy(), outcome.diverged() ? Double.NaN : FinalLoss.of(done), outcome.diverged(),
        (System.nanoTime() - started) / 1e9, Curves.of(done, outcome.evaluations(), CURVE_POINTS),
        run.tuning() ? RunResult.Phase.TUNE : RunResult.Phase.EVAL, validation, LrBracket.NONE);
    return new Outcome(result, validation, noteOn(local));
  }

  /**
   * A plateau schedule whose LR never came down ran as a fixed LR; with the defaults (a window of half an epoch,
   * patience 1) that is common in runs of a few epochs, and the results would not say so.
   */
  static String noteOn(LrSchedule schedule) {
    if (schedule instanceof PlateauSchedule plateau && plateau.reductions() == 0) {
      return "note: plateau never reduced the LR in this run, so it trained at a fixed LR (" + plateau
          + "); a shorter window or a higher threshold makes it react sooner";
    }
    return null;
  }

  /** Attaches the baseline's schedule; returns it, or null for hypergradient descent (a listener, no schedule). */
  private static LrSchedule attachLocal(RunSpec run, BaselineEntry baseline, PreparedTask data,
                                        MultiLayerNetwork net, ServedLearningRate lr, Consumer<StepRecord> record) {
    if (baseline.hypergradientDescent()) {
      net.addListeners(new HypergradientDescentListener(param(run, "lr"), param(run, "beta"), lr, record));
      return null;
    }
    ScheduleContext context = new ScheduleContext(data.totalSteps(), data.stepsPerEpoch());
    LrSchedule schedule = LrSchedules.create(baseline.schedule(), run.params(), context);
    net.addListeners(new LocalScheduleListener(schedule, lr, record));
    return schedule;
  }

  private TrainingLoop.Outcome trainServed(RunSpec run, ServedEntry served, PreparedTask data, MultiLayerNetwork net,
                                           Consumer<StepRecord> record) {
    if (cluster == null) {
      throw new IllegalStateException("schedule " + served.name() + " needs the agent, but no cluster was given");
    }
    ServedTraining.Job job = new ServedTraining.Job(run.jobId(tag), served.learnerFor(run.task().name()),
        served.mode(), run.validateEvery(), SERVED_LR_MIN, SERVED_LR_MAX, FALLBACK_LR);
    return ServedTraining.train(cluster, job, net, data.train(), data.validation(), data.test(),
        run.task().batchSize(), data.totalSteps(), run.seed(), run.evaluations(), record).outcome();
  }

  private static double param(RunSpec run, String name) {
    Double value = run.params().get(name);
    if (value == null) {
      throw new IllegalArgumentException("schedule " + run.schedule().name() + " needs parameter '" + name + "'");
    }
    return value;
  }
}
