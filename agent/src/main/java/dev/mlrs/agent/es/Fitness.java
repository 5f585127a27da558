package dev.mlrs.agent.es;

import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.RunResult;

/**
 * The fitness of one run (lower is better) and the signal of one antithetic pair.
 *
 * <p>Fitness is the run's final clean validation loss, clipped at fitnessClip * ln C: a run that diverged,
 * stopped on a non-finite loss or ended above the clip counts as the clip, so one blow-up cannot dominate
 * a generation. Losses below zero (not a cross-entropy) count as zero.
 *
 * <p>Pair signal: the fitness difference divided by the pair's mean fitness, (f+ - f-) / ((f+ + f-) / 2).
 * Tasks of a fleet end at very different losses (0.1 on an easy task, 2 on a hard one); the relative difference
 * puts them on one scale, so a generation mixes tasks without the hard ones drowning the easy ones. It lies in
 * [-2, 2], and to first order it is the difference of ln f, so ES with it descends the mean log final loss over
 * the tasks of the fleet. A pair whose two fitnesses are both zero has signal zero.
 */
public final class Fitness {

  private Fitness() {
  }

  /** The clip of a task with {@code numClasses} classes: es.fitnessClip * ln(numClasses). */
  public static double clip(EsSettings es, int numClasses) {
    return clip(es.getFitnessClip(), numClasses);
  }

  public static double clip(double fitnessClip, int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("the fitness clip needs numClasses >= 2, got " + numClasses);
    }
    if (!(fitnessClip > 0) || !Double.isFinite(fitnessClip)) {
      throw new IllegalArgumentException("fitnessClip must be finite and positive, got " + fitnessClip);
    }
    return fitnessClip * Math.log(numClasses);
  }

  public static double of(RunResult result, double clip) {
    return of(result.getValidationLoss(), result.getDiverged(), clip);
  }

  /** The clipped fitness of a run: in [0, clip]; the clip when it diverged or its loss is not finite. */
  public static double of(double validationLoss, boolean diverged, double clip) {
    if (!(clip > 0) || !Double.isFinite(clip)) {
      throw new IllegalArgumentException("clip must be finite and positive, got " + clip);
    }
    if (diverged || !Double.isFinite(validationLoss)) {
      return clip;
    }
    return Math.min(Math.max(validationLoss, 0.0), clip);
  }

  /** The normalised signal of a pair: (plus - minus) / mean(plus, minus); 0 when both are 0. */
  public static double pairSignal(double plus, double minus) {
    if (!(plus >= 0 && minus >= 0) || !Double.isFinite(plus) || !Double.isFinite(minus)) {
      throw new IllegalArgumentException("fitnesses must be finite and >= 0 (clip them first), got " + plus
          + " and " + minus);
    }
    double mean = (plus + minus) / 2;
    return mean == 0 ? 0.0 : (plus - minus) / mean;
  }
}
