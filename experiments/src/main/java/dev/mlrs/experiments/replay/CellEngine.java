package dev.mlrs.experiments.replay;

import dev.mlrs.agent.learner.Learner;
import java.util.List;

/**
 * Runs recorded input sequences through a learner's cell from a zero state, as the agent serves a job from
 * its first step: the sigmoid output of every step of every sequence.
 */
public interface CellEngine {
  List<double[]> outputs(Learner learner, List<CellInputs> sequences);
}
