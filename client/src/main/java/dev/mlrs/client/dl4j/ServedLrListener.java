package dev.mlrs.client.dl4j;

import dev.mlrs.client.LrReply;
import dev.mlrs.client.LrSource;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the service for each step's LR at the one point where DL4J has the step's loss but has not
 * applied the step yet, so the step uses its own LR with a single gradient computation.
 *
 * <p>DL4J's order per iteration (verified on 1.0.0-M2.1, BaseOptimizer / StochasticGradientDescent):
 * computeGradientAndScore at w_t → {@code onGradientCalculation} → the updater (it reads the LR
 * schedule) → params −= update → {@code iterationDone} → iteration count + 1 → constraints. So:
 * <ul>
 *   <li>{@link #onGradientCalculation}: step t = the model's iteration count; f_t = the minibatch loss
 *       without regularisation; report it, put the LR into the holder the updater reads; on a
 *       validation step also copy w_t;</li>
 *   <li>{@link #iterationDone}: on a validation step, measure the hypergradient of the step just
 *       applied ({@link HypergradientProbe}) and send it.</li>
 * </ul>
 * A failing probe is logged and skipped: training goes on.
 */
public final class ServedLrListener extends BaseTrainingListener {

  private static final Logger log = LoggerFactory.getLogger(ServedLrListener.class);

  private final LrSource source;
  private final List<ServedLearningRate> lrs;
  private final HypergradientProbe probe;
  private INDArray paramsBefore;
  private long probeStep = -1;
  private double probeLr;
  private volatile LrReply lastReply;

  /**
   * @param source where LRs come from (an {@code LrClient})
   * @param lr     the holder the net's {@link ServedLrSchedule} reads
   * @param probe  measures validation hypergradients; null for jobs that do not validate (FROZEN)
   */
  public ServedLrListener(LrSource source, ServedLearningRate lr, HypergradientProbe probe) {
    this(source, List.of(lr), probe);
  }

  /** Like the other constructor, for a net whose schedules read several holders (restored from JSON). */
  public ServedLrListener(LrSource source, List<ServedLearningRate> lrs, HypergradientProbe probe) {
    this.source = Objects.requireNonNull(source, "source");
    if (lrs.isEmpty()) {
      throw new IllegalArgumentException("at least one ServedLearningRate is needed");
    }
    this.lrs = List.copyOf(lrs);
    this.probe = probe;
  }

  @Override
  public void onGradientCalculation(Model model) {
    long step = BaseOptimizer.getIterationCount(model);
    LrReply reply = source.report(step, MlrsDl4j.trainingLoss(model));
    for (ServedLearningRate lr : lrs) {
      lr.set(reply.lr());
    }
    lastReply = reply;
    if (probe != null && model == probe.network() && !reply.fallback() && reply.lr() > 0
        && source.validationDue(step)) {
      paramsBefore = model.params().dup(); // w_t; the updater has not touched the weights yet
      probeStep = step;
      probeLr = reply.lr();
    }
  }

  @Override
  public void iterationDone(Model model, int iteration, int epoch) {
    INDArray before = paramsBefore;
    if (before == null) {
      return;
    }
    paramsBefore = null;
    if (iteration != probeStep) {
      log.warn("mlrs: validation snapshot of step {} seen at iteration {}; no validation report", probeStep,
          iteration);
      return;
    }
    try {
      HypergradientProbe.Result result = probe.probe(before, probeLr);
      source.reportValidation(probeStep, result.valLoss(), result.hypergradient());
    } catch (RuntimeException e) {
      log.warn("mlrs: measuring the hypergradient of step {} failed; no validation report", probeStep, e);
    }
  }

  /** The last reply, e.g. for logging the LR and whether it was a fallback. */
  public LrReply lastReply() {
    return lastReply;
  }
}
