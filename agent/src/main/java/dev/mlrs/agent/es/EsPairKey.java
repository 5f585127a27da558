package dev.mlrs.agent.es;

import dev.mlrs.schemas.EsEnrolment;

/**
 * What makes two enrolled jobs an antithetic pair: the same task and the same seed (so the same initial weights
 * and data order). Both sides of a pair are served the same noise epsilon, with opposite signs.
 */
public record EsPairKey(String taskKey, long seed) {

  public EsPairKey {
    if (taskKey == null || taskKey.isEmpty()) {
      throw new IllegalArgumentException("an ES pair needs a non-empty task key");
    }
  }

  public static EsPairKey of(EsEnrolment enrolment) {
    return new EsPairKey(enrolment.getTaskKey(), enrolment.getSeed());
  }
}
