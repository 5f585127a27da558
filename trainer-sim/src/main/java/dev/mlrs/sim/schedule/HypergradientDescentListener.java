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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SGD-HD (Baydin et al. 2018, "Online Learning Rate Adaptation with Hypergradient Descent", ICLR): the LR
 * learns online by gradient descent on itself. With g_t the minibatch gradient of the mean loss at w_t,
 * <pre>  α_t = clamp(α_{t−1} + β · ⟨g_t, g_{t−1}⟩, 0, maxLr)       (α_0 given; at t = 0 no update)</pre>
 * and step t trains with α_t. Successive gradients that agree (the LR is too small) raise α; gradients
 * that oppose (the iterate overshoots) lower it. The clamp keeps a badly chosen β from driving α negative
 * or to infinity; a non-finite product (a diverged loss) leaves α unchanged.
 *
 * <p>This is the plain-SGD variant for every optimizer: g_t is the raw gradient, not the Nesterov or Adam
 * update direction that the paper's SGDN-HD and Adam-HD variants use.
 *
 * <p>Where g_t comes from (verified on DL4J 1.0.0-M2.1): in {@code onGradientCalculation} the net's
 * gradient view ({@code model.gradient().gradient()}) holds the gradient of the data loss at w_t summed
 * over the minibatch: the updater divides it by the minibatch size ({@code model.batchSize()}, when the
 * configuration's miniBatch flag is set, the default) and adds regularisation only afterwards. This
 * listener does the same division, so g_t is the mean gradient of the loss without regularisation terms.
 * The view is the updater's scratch space (after the step it holds the applied update), so g_t is copied
 * out, into a preallocated double buffer: no allocation per step, and the dot product sums in double.
 */
public final class HypergradientDescentListener extends BaseTrainingListener {

  public static final double DEFAULT_MAX_LR = 10;

  private final double beta;
  private final double maxLr;
  private final LrHolders holders;
  private final Consumer<StepRecord> onStep;
  private double alpha;
  private INDArray current;
  private INDArray previous;
  private boolean hasPrevious;

  /** α clamped to [0, {@value #DEFAULT_MAX_LR}]. */
  public HypergradientDescentListener(double initialLr, double beta, ServedLearningRate lr,
                                      Consumer<StepRecord> onStep) {
    this(initialLr, beta, DEFAULT_MAX_LR, List.of(Objects.requireNonNull(lr, "lr")), onStep);
  }

  /**
   * @param initialLr α_0, in [0, maxLr]
   * @param beta      the hypergradient step size β, >= 0 (0 keeps α at α_0)
   * @param maxLr     upper bound of α, > 0
   * @param lrs       the holders the net's {@code ServedLrSchedule}s read
   */
  public HypergradientDescentListener(double initialLr, double beta, double maxLr, List<ServedLearningRate> lrs,
                                      Consumer<StepRecord> onStep) {
    this.maxLr = Check.positive("maxLr", maxLr);
    if (!(initialLr >= 0 && initialLr <= maxLr)) {
      throw new IllegalArgumentException("initialLr must be in [0, maxLr = " + maxLr + "], got " + initialLr);
    }
    this.alpha = initialLr;
    this.beta = Check.nonNegative("beta", beta);
    this.holders = new LrHolders(lrs);
    this.onStep = Objects.requireNonNull(onStep, "onStep");
  }

  @Override
  public void onGradientCalculation(Model model) {
    long step = BaseOptimizer.getIterationCount(model);
    double loss = MlrsDl4j.trainingLoss(model);
    copyMeanGradient(model);
    if (hasPrevious) {
      double next = alpha + beta * Nd4j.getBlasWrapper().dot(current, previous);
      if (Double.isFinite(next)) {
        alpha = Math.min(maxLr, Math.max(0, next));
      }
    }
    INDArray swap = previous; // g_t becomes g_{t-1}; its old buffer takes the next gradient
    previous = current;
    current = swap;
    hasPrevious = true;
    holders.set(alpha);
    onStep.accept(StepRecord.local(step, loss, alpha));
  }

  /** current ← the gradient view / N, as the updater would scale it. */
  private void copyMeanGradient(Model model) {
    INDArray view = model.gradient().gradient();
    if (current == null || current.length() != view.length()) {
      current = Nd4j.create(DataType.DOUBLE, view.length());
      previous = Nd4j.create(DataType.DOUBLE, view.length());
      hasPrevious = false;
    }
    current.assign(view.reshape(view.length()));
    if (model.conf().isMiniBatch()) {
      current.divi(model.batchSize());
    }
  }

  /** g of the latest step (the mean minibatch gradient, in double), for tests; null before the first step. */
  INDArray latestGradient() {
    return hasPrevious ? previous : null;
  }
}
