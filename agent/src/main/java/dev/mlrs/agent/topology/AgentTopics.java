package dev.mlrs.agent.topology;

import dev.mlrs.schemas.TopicNames;

/**
 * Topics the agent writes and reads only itself, named after the public topic they derive from (so a
 * deployment's prefix carries over): {@code <run-results>-es-fitness} carries the fitness records from the
 * per-job side to the ES trainer, keyed by learner.
 */
public final class AgentTopics {

  private AgentTopics() {
  }

  public static String esFitness(TopicNames topics) {
    return topics.runResults() + "-es-fitness";
  }
}
