package dev.mlrs.agent.es;

import java.nio.charset.StandardCharsets;

/**
 * The perturbation direction epsilon of one antithetic pair: independent N(0, 1) values on the mask's weights,
 * zero elsewhere, a pure function of (learner name, generation, pair key). Every agent instance, at any time,
 * derives the same epsilon for both jobs of a pair, so nothing but the key has to be stored or sent.
 *
 * <p>Recipe (fixed: changing it changes every learner's noise): the four fields are written as UTF-8 text
 * {@code <len>:<learner>|<generation>|<len>:<taskKey>|<seed>} (lengths make the encoding unambiguous), hashed
 * with 64-bit FNV-1a, and the hash seeds a SplitMix64 stream. Normal values come in twos from the Box-Muller
 * transform of two uniforms in (0, 1] made of the top 53 bits of consecutive stream values, computed with
 * StrictMath so that every JVM gives the same bits.
 */
public final class EsNoise {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private EsNoise() {
  }

  /** The stream seed of a pair: FNV-1a of the encoded key, see the class comment. */
  public static long seed(String learner, long generation, EsPairKey pair) {
    String text = learner.length() + ":" + learner + "|" + generation + "|" + pair.taskKey().length() + ":"
        + pair.taskKey() + "|" + pair.seed();
    long hash = FNV_OFFSET;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  /** Epsilon of a pair: a new array of the mask shape's size, N(0, 1) on the mask, zero elsewhere. */
  public static double[] epsilon(EsSubspaceMask mask, String learner, long generation, EsPairKey pair) {
    double[] out = new double[mask.shape().parameterCount()];
    fill(mask, seed(learner, generation, pair), out);
    return out;
  }

  /** Writes the noise of {@code seed} into {@code out} on the mask (in ascending index order) and zero elsewhere. */
  public static void fill(EsSubspaceMask mask, long seed, double[] out) {
    if (out.length != mask.shape().parameterCount()) {
      throw new IllegalArgumentException("noise buffer has " + out.length + " entries, the cell has "
          + mask.shape().parameterCount());
    }
    java.util.Arrays.fill(out, 0.0);
    long state = seed;
    for (int k = 0; k < mask.size(); k += 2) {
      state += GOLDEN_GAMMA;
      double u1 = uniform(mix(state));
      state += GOLDEN_GAMMA;
      double u2 = uniform(mix(state));
      double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      double angle = 2.0 * StrictMath.PI * u2;
      out[mask.index(k)] = radius * StrictMath.cos(angle);
      if (k + 1 < mask.size()) {
        out[mask.index(k + 1)] = radius * StrictMath.sin(angle);
      }
    }
  }

  /** SplitMix64's output function (Steele, Lea, Flood 2014). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A uniform value in (0, 1]: never 0, so its logarithm is finite. */
  private static double uniform(long bits) {
    return ((bits >>> 11) + 1) * 0x1.0p-53;
  }
}
