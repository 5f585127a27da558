package dev.mlrs.sim.schedule;

import dev.mlrs.client.dl4j.MlrsDl4j;
import dev.mlrs.client.dl4j.ServedLearningRate;
import dev.mlrs.sim.job.StepRecord;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;

/**
 * Trains a net built with {@code ServedLrSchedule(holder)} with a local {@link LrSchedule} instead of the
 * service, at the same point and with the same loss as the client's ServedLrListener: in
 * {@code onGradientCalculation}, after the minibatch loss and gradient at w_t are computed and before the
 * updater reads the LR, so step t trains with the LR the schedule gives for step t.
 */
public final class LocalScheduleListener extends BaseTrainingListener {

  private final LrSchedule schedule;
  private final LrHolders holders;
  private final Consumer<StepRecord> onStep;

  public LocalScheduleListener(LrSchedule schedule, ServedLearningRate lr, Consumer<StepRecord> onStep) {
    this(schedule, List.of(Objects.requireNonNull(lr, "lr")), onStep);
  }

  /** For a net whose schedules read several holders (restored from JSON): sets them all. */
  public LocalScheduleListener(LrSchedule schedule, List<ServedLearningRate> lrs, Consumer<StepRecord> onStep) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.holders = new LrHolders(lrs);
    this.onStep = Objects.requireNonNull(onStep, "onStep");
  }

  @Override
  public void onGradientCalculation(Model model) {
    long step = BaseOptimizer.getIterationCount(model);
    double loss = MlrsDl4j.trainingLoss(model);
    double lr = schedule.lr(step, loss);
    holders.set(lr);
    onStep.accept(StepRecord.local(step, loss, lr));
  }
}
