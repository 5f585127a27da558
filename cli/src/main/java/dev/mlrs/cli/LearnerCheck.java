package dev.mlrs.cli;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import java.io.PrintStream;
import java.util.Map;

/**
 * Checks the learners jobs ask for against the learners on the cluster before any job starts: a mistyped name
 * would otherwise train every step on the constant fallback LR and end "successfully".
 */
final class LearnerCheck {
  private LearnerCheck() {
  }

  /**
   * @param allowFallback only print a note for an unknown learner (the job then trains on its fallback LR)
   * @throws IllegalArgumentException naming the unknown learner and the known ones, or a multi-stage learner
   *                                  asked for in LEARN mode
   */
  static void require(LearnerAdmin admin, String learner, LearnerMode mode, boolean allowFallback,
                      PrintStream out) {
    Map<String, LearnerParams> known = admin.list();
    LearnerParams params = known.get(learner);
    String problem = null;
    if (params == null) {
      problem = "unknown learner '" + learner + "'; the cluster has " + (known.isEmpty() ? "none (is an agent "
          + "running on it?)" : String.join(", ", known.keySet()) + " (see: mlrs learners list)");
    } else if (mode == LearnerMode.LEARN && params.getStages().size() > 1) {
      problem = "learner '" + learner + "' has " + params.getStages().size() + " stages and serves FROZEN jobs "
          + "only; use --mode FROZEN, or fork one stage (mlrs learners fork) to learn from it";
    }
    if (problem == null) {
      return;
    }
    if (!allowFallback) {
      throw new IllegalArgumentException(problem + ". (--allow-fallback trains on the fallback LR instead.)");
    }
    out.println("Note: " + problem + "; the job trains on its fallback LR (--allow-fallback).");
  }
}
