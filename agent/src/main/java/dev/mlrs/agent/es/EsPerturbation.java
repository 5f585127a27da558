package dev.mlrs.agent.es;

import dev.mlrs.schemas.EsSide;

/** The weights one side of a pair is served: phi + sigma * epsilon (PLUS) or phi - sigma * epsilon (MINUS). */
public final class EsPerturbation {

  private EsPerturbation() {
  }

  public static double[] apply(double[] phi, double[] epsilon, double sigma, EsSide side) {
    double[] out = new double[phi.length];
    applyInto(phi, epsilon, sigma, side, out);
    return out;
  }

  /** As {@link #apply} into {@code out} (which may be {@code phi} itself). */
  public static void applyInto(double[] phi, double[] epsilon, double sigma, EsSide side, double[] out) {
    if (epsilon.length != phi.length || out.length != phi.length) {
      throw new IllegalArgumentException("phi, epsilon and out differ in length: " + phi.length + ", "
          + epsilon.length + ", " + out.length);
    }
    if (!(sigma >= 0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
    }
    double step = side == EsSide.PLUS ? sigma : -sigma;
    for (int k = 0; k < phi.length; k++) {
      out[k] = phi[k] + step * epsilon[k];
    }
  }
}
