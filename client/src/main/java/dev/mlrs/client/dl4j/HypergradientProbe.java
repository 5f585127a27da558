package dev.mlrs.client.dl4j;

import java.util.Objects;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The clean-validation hypergradient of one step (METHOD.md section 2), measured right after DL4J
 * applied the step.
 *
 * <p>The step DL4J applied is Δ = w_t − w_{t+1}. When the optimizer's step is the LR times a direction
 * that does not depend on that LR, Δ = α_t·d_t, so the lookahead ŵ = w_t − α_t·d_t is exactly w_{t+1}
 * and
 * <pre>  h = ∂L_val(w_t − α·d_t)/∂α at α_t = −⟨∇L_val(w_{t+1}), d_t⟩ = −⟨∇L_val(w_{t+1}), Δ⟩ / α_t.</pre>
 * That holds for plain SGD, for SGD with L2 ({@code l2(...)}, added to the gradient before the
 * updater) and with {@code WeightDecay(coeff, applyLR = true)}, and for Adam-type updaters whose step
 * at t is α_t times a moment ratio. It does NOT hold exactly for momentum (Nesterovs): part of that step
 * is velocity from earlier LRs, and the probe treats the whole step as LR-proportional, an
 * approximation. It is also wrong for {@code WeightDecay(coeff, applyLR = false)} and for constraints
 * (applied after the step, after this probe).
 *
 * <p>L_val is the mean loss of the validation batch without regularisation terms. Its gradient comes
 * from {@code calculateGradients}, which neither changes the weights nor the updater state; DL4J returns
 * it summed over the batch, so it is divided by the batch size here. The net's gradient view, input and
 * labels are put back afterwards. Layers that behave differently in training (dropout, batch norm) make
 * the probe noisy, because calculateGradients runs in training mode. Sums are taken in double.
 */
public final class HypergradientProbe {

  /** Validation loss at w_{t+1} and the hypergradient dL_val/dα_t. */
  public record Result(double valLoss, double hypergradient) {
  }

  private final MultiLayerNetwork net;
  private final DataSet validation;
  private final long batchSize;

  /** @param validationBatch one clean batch: features and labels (masks optional) */
  public HypergradientProbe(MultiLayerNetwork net, DataSet validationBatch) {
    this.net = Objects.requireNonNull(net, "net");
    Objects.requireNonNull(validationBatch, "validationBatch");
    if (validationBatch.getFeatures() == null || validationBatch.getLabels() == null) {
      throw new IllegalArgumentException("the validation batch needs features and labels");
    }
    this.batchSize = validationBatch.getFeatures().size(0);
    if (batchSize < 1) {
      throw new IllegalArgumentException("the validation batch is empty");
    }
    this.validation = validationBatch;
  }

  public MultiLayerNetwork network() {
    return net;
  }

  /**
   * Measures the step that was just applied: the net's current weights are w_{t+1}.
   *
   * @param paramsBefore a copy of the weights w_t taken before the step
   * @param appliedLr    the LR α_t the updater used for the step (> 0)
   */
  public Result probe(INDArray paramsBefore, double appliedLr) {
    if (!Double.isFinite(appliedLr) || appliedLr <= 0) {
      throw new IllegalArgumentException("the applied LR must be finite and > 0, got " + appliedLr);
    }
    INDArray after = net.params();
    if (paramsBefore.length() != after.length()) {
      throw new IllegalArgumentException("paramsBefore has " + paramsBefore.length() + " values, the net "
          + after.length());
    }
    INDArray step = toDouble(paramsBefore).sub(toDouble(after)); // Δ = w_t − w_{t+1}
    return keepingTheNetsState(() -> {
      INDArray gradient = validationGradient();
      double hypergradient = -dot(gradient, step) / appliedLr;
      return new Result(validationLoss(), hypergradient);
    });
  }

  /** L_val at the net's current weights: mean loss of the batch, no regularisation. */
  public double meanValidationLoss() {
    return keepingTheNetsState(this::validationLoss);
  }

  /** ∇L_val at the net's current weights (mean over the batch, no regularisation), in double. */
  public INDArray meanValidationGradient() {
    return keepingTheNetsState(this::validationGradient);
  }

  private double validationLoss() {
    return MlrsDl4j.meanLoss(net, validation);
  }

  private INDArray validationGradient() {
    INDArray summed = net.calculateGradients(validation.getFeatures(), validation.getLabels(),
        validation.getFeaturesMaskArray(), validation.getLabelsMaskArray()).getFirst().gradient();
    // DL4J gradients are sums over the batch; L_val is the mean.
    return summed.castTo(DataType.DOUBLE).div(batchSize);
  }

  /** Other listeners may still read this step's training gradient, input and labels: put them back. */
  private <T> T keepingTheNetsState(Supplier<T> measurement) {
    INDArray gradientView = net.getFlattenedGradients();
    INDArray savedGradient = gradientView == null ? null : gradientView.dup();
    INDArray savedInput = net.getInput();
    INDArray savedLabels = net.getLabels();
    try {
      return measurement.get();
    } finally {
      if (savedGradient != null) {
        gradientView.assign(savedGradient);
      }
      net.setInput(savedInput);
      net.setLabels(savedLabels);
    }
  }

  private static INDArray toDouble(INDArray array) {
    return array.reshape(array.length()).castTo(DataType.DOUBLE);
  }

  private static double dot(INDArray a, INDArray b) {
    return toDouble(a).mul(toDouble(b)).sumNumber().doubleValue();
  }
}
