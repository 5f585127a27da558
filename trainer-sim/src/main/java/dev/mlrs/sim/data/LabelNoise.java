package dev.mlrs.sim.data;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic label noise for the training split (never the test or validation split).
 *
 * <ul>
 *   <li>uniform: each label is, with probability r, replaced by a uniformly chosen <em>other</em> class;</li>
 *   <li>pair-flip: each label c is, with probability r, replaced by (c + 1) mod C.</li>
 * </ul>
 * Seeded: the same data, kind, rate and seed give the same noisy labels.
 */
public final class LabelNoise {

  private static final long NOISE_STREAM = -4;

  public enum Kind {
    UNIFORM, PAIR_FLIP;

    /** "uniform" (or "symmetric"), "pair-flip" (or "pair", "pairflip"). */
    public static Kind parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "uniform", "symmetric" -> UNIFORM;
        case "pair-flip", "pair", "pairflip", "pair_flip" -> PAIR_FLIP;
        default -> throw new IllegalArgumentException("unknown label noise '" + text + "'; use uniform or pair-flip");
      };
    }
  }

  /** The noisy copy and how many labels actually changed. */
  public record NoisyDataset(Dataset dataset, int flipped, double flippedFraction) {
  }

  private LabelNoise() {
  }

  public static NoisyDataset uniform(Dataset train, double rate, long seed) {
    return apply(train, Kind.UNIFORM, rate, seed);
  }

  public static NoisyDataset pairFlip(Dataset train, double rate, long seed) {
    return apply(train, Kind.PAIR_FLIP, rate, seed);
  }

  public static NoisyDataset apply(Dataset train, Kind kind, double rate, long seed) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("noise rate must be in [0, 1], got " + rate);
    }
    int classes = train.numClasses();
    if (classes < 2 && rate > 0) {
      throw new IllegalArgumentException(train.name() + " has one class; labels cannot be flipped");
    }
    SplittableRandom random = EpochOrder.random(seed, NOISE_STREAM);
    int[] labels = train.labels();
    int flipped = 0;
    for (int i = 0; i < labels.length; i++) {
      // Draw for every sample, even at rate 0, so the decisions for a sample do not depend on the rate's effect
      // on earlier samples.
      boolean flip = random.nextDouble() < rate;
      int other = random.nextInt(Math.max(1, classes - 1));
      if (!flip) {
        continue;
      }
      int original = labels[i];
      labels[i] = switch (kind) {
        case UNIFORM -> other >= original ? other + 1 : other; // skips the original class
        case PAIR_FLIP -> (original + 1) % classes;
      };
      flipped++;
    }
    String name = String.format(Locale.ROOT, "%s+%s(%.2f)", train.name(), kind.name().toLowerCase(Locale.ROOT), rate);
    double fraction = labels.length == 0 ? 0 : (double) flipped / labels.length;
    return new NoisyDataset(train.withLabels(labels, name), flipped, fraction);
  }
}
