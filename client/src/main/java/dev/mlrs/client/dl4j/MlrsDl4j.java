package dev.mlrs.client.dl4j;

import dev.mlrs.client.LrClient;
import dev.mlrs.client.LrSource;
import dev.mlrs.schemas.LearnerMode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires an initialised {@link MultiLayerNetwork} to the service; see the package documentation. */
public final class MlrsDl4j {

  private static final Logger log = LoggerFactory.getLogger(MlrsDl4j.class);

  private MlrsDl4j() {
  }

  /** For FROZEN jobs: served LRs, no validation. */
  public static ServedLrListener attach(MultiLayerNetwork net, LrSource source) {
    return attach(net, source, null);
  }

  /**
   * Adds a {@link ServedLrListener} to the net and returns it. The net's updaters must read a
   * {@link ServedLrSchedule}; the listener sets that schedule's holder every step. A net restored from
   * JSON or a ModelSerializer file has one holder per layer (JSON cannot share one); the listener then
   * sets them all.
   *
   * @param validationBatch a clean validation batch for the hypergradient of LEARN jobs; null for FROZEN
   * @throws IllegalArgumentException when no updater of the net reads a ServedLrSchedule, or when a
   *                                  LEARN LrClient gets no validation batch
   */
  public static ServedLrListener attach(MultiLayerNetwork net, LrSource source, DataSet validationBatch) {
    List<ServedLearningRate> lrs = servedLearningRates(net);
    if (validationBatch == null && source instanceof LrClient client
        && client.options().mode() == LearnerMode.LEARN && client.options().esEnrolment() == null) {
      throw new IllegalArgumentException("job " + client.options().jobId()
          + " is a LEARN job: it needs a clean validation batch for its hypergradients");
    }
    HypergradientProbe probe = null;
    if (validationBatch != null) {
      probe = new HypergradientProbe(net, validationBatch);
      warnWhereTheProbeIsApproximate(net);
    }
    ServedLrListener listener = new ServedLrListener(source, lrs, probe);
    net.addListeners(listener);
    return listener;
  }

  /**
   * The holders that the net's updaters read through their {@link ServedLrSchedule}s: one for a net
   * built with one holder, one per layer for a net restored from JSON.
   *
   * @throws IllegalArgumentException when there is none
   */
  public static List<ServedLearningRate> servedLearningRates(MultiLayerNetwork net) {
    if (net.getLayers() == null) {
      throw new IllegalArgumentException("call net.init() before attaching it");
    }
    Map<ServedLearningRate, Boolean> found = new IdentityHashMap<>();
    List<String> notServed = new ArrayList<>();
    for (Layer layer : net.getLayers()) {
      for (String param : layer.paramTable().keySet()) {
        IUpdater updater = layer.conf().getLayer().getUpdaterByParam(param);
        if (learningRateSchedule(updater) instanceof ServedLrSchedule served) {
          found.put(served.servedLearningRate(), Boolean.TRUE);
        } else {
          notServed.add("layer " + layer.getIndex() + " " + param + " (" + updater + ")");
        }
      }
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException("no updater of the net reads a ServedLrSchedule: build it with e.g. "
          + ".updater(new Sgd(new ServedLrSchedule(new ServedLearningRate(initialLr))))");
    }
    if (!notServed.isEmpty()) {
      log.warn("mlrs: these parameters do not train with the served LR (no ServedLrSchedule): {}", notServed);
    }
    return List.copyOf(found.keySet());
  }

  /**
   * The minibatch loss f_t as the service expects it: DL4J's score of the latest minibatch minus its
   * regularisation terms. Served and local schedules both record this number.
   */
  public static double trainingLoss(Model model) {
    return withoutRegularization(model, model.score());
  }

  /**
   * The mean loss of {@code data} at the net's current weights, without regularisation terms (what gamma's
   * L0 and the validation loss L_val mean), in inference mode.
   */
  public static double meanLoss(MultiLayerNetwork net, DataSet data) {
    return withoutRegularization(net, net.score(data, false));
  }

  /** DL4J's scores include the regularisation terms; the service's losses do not. */
  private static double withoutRegularization(Model model, double score) {
    if (model instanceof MultiLayerNetwork net) {
      return score - net.calcRegularizationScore(true);
    }
    if (model instanceof ComputationGraph graph) {
      return score - graph.calcRegularizationScore(true);
    }
    return score;
  }

  /** DL4J's updater configs with an LR all have getLearningRateSchedule() (Lombok), but no shared interface. */
  private static ISchedule learningRateSchedule(IUpdater updater) {
    if (updater == null || !updater.hasLearningRate()) {
      return null;
    }
    try {
      Method getter = updater.getClass().getMethod("getLearningRateSchedule");
      Object schedule = getter.invoke(updater);
      return schedule instanceof ISchedule iSchedule ? iSchedule : null;
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      return null;
    }
  }

  private static void warnWhereTheProbeIsApproximate(MultiLayerNetwork net) {
    for (Layer layer : net.getLayers()) {
      for (String param : layer.paramTable().keySet()) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf.getUpdaterByParam(param) instanceof Nesterovs) {
          log.warn("mlrs: layer {} uses momentum: hypergradients treat the whole momentum step as proportional "
              + "to the LR (an approximation)", layer.getIndex());
          return;
        }
        List<Regularization> regularizations = conf.getRegularizationByParam(param);
        for (Regularization regularization : regularizations == null ? List.<Regularization>of() : regularizations) {
          if (regularization instanceof WeightDecay decay && !decay.isApplyLR()) {
            log.warn("mlrs: layer {} uses WeightDecay without applyLR: its step is not proportional to the LR, "
                + "so hypergradients are biased; use WeightDecay(coeff, true)", layer.getIndex());
            return;
          }
        }
      }
    }
  }
}
