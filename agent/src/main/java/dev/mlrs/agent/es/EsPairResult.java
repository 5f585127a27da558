package dev.mlrs.agent.es;

/** A complete antithetic pair: its key and the clipped fitness of each side. */
public record EsPairResult(EsPairKey key, double plusFitness, double minusFitness) {

  /** The pair's normalised signal (see {@link Fitness#pairSignal}). */
  public double signal() {
    return Fitness.pairSignal(plusFitness, minusFitness);
  }
}
