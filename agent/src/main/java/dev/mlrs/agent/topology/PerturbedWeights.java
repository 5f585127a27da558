package dev.mlrs.agent.topology;

import dev.mlrs.agent.es.EsNoise;
import dev.mlrs.agent.es.EsPairKey;
import dev.mlrs.agent.es.EsPerturbation;
import dev.mlrs.agent.es.EsSubspaceMask;
import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.trainer.EsMetaTrainer;
import dev.mlrs.schemas.EsEnrolment;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.state.EsRun;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The perturbed weights phi_g +- sigma * epsilon served to enrolled jobs, computed once per (learner,
 * generation, pair, side) and kept for the next steps (drawing epsilon per step would cost more than the step).
 * Bounded: the least recently used entries go first. One per stream task; not thread-safe.
 */
final class PerturbedWeights {
  private final Map<String, double[]> cache;

  PerturbedWeights(int capacity) {
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The weights served to a job of this enrolment; {@code centre} is the generation's version. */
  double[] of(Learner centre, EsRun run) {
    EsEnrolment es = run.getEnrolment();
    String key = centre.name() + "@" + centre.version() + "\u0000" + es.getTaskKey() + "\u0000" + es.getSeed()
        + "\u0000" + es.getSide();
    return cache.computeIfAbsent(key, k -> perturb(centre, es));
  }

  private static double[] perturb(Learner centre, EsEnrolment es) {
    EsSettings settings = EsMetaTrainer.settingsOf(centre.params());
    EsSubspaceMask mask = EsSubspaceMask.of(centre.shape(), settings.getSubspace());
    double[] epsilon = EsNoise.epsilon(mask, centre.name(), centre.version(), EsPairKey.of(es));
    return EsPerturbation.apply(centre.weights(0), epsilon, settings.getSigma(), es.getSide());
  }
}
