package dev.mlrs.experiments.report;

import java.util.ArrayList;
import java.util.List;

/** Hand-made runs with curves shaped like real ones, including a diverged run and a cosine ending at lr 0. */
final class SampleRuns {
  static final long STEPS = 1000;

  private SampleRuns() {
  }

  /** Two tasks (one with an awkward name), four schedules, three seeds; constant lr=1 seed 3 diverges. */
  static List<RunResult> study() {
    List<RunResult> runs = new ArrayList<>();
    for (String task : List.of("fmnist-mlp", "cifar10 cnn/small")) {
      double taskOffset = task.startsWith("cifar") ? -0.25 : 0;
      for (long seed = 1; seed <= 3; seed++) {
        runs.add(run("meta-train", task, "constant", "lr=1.0", seed, 0.80 + taskOffset, seed == 3));
        runs.add(run("meta-train", task, "cosine", "lr=0.1, warmup=\"5%\"", seed, 0.88 + taskOffset, false));
        runs.add(run("meta-train", task, "step", "lr=0.1, gamma=0.1, milestones=[50%,75%]", seed,
            0.86 + taskOffset, false));
        runs.add(run("meta-train", task, "mlrsnet-learn", "", seed, 0.89 + taskOffset, false));
      }
    }
    return runs;
  }

  static RunResult run(String experiment, String task, String schedule, String hyperparameters, long seed,
                       double accuracyLevel, boolean diverges) {
    List<CurvePoint> curve = new ArrayList<>();
    double noise = 0.01 * seed;
    for (long step = 0; step <= STEPS; step += STEPS / 100) {
      double t = (double) step / STEPS;
      double lr = lr(schedule, t);
      double loss = 2.3 * Math.exp(-4 * t * (accuracyLevel + noise)) + 0.05;
      if (diverges && t > 0.4) {
        loss = t > 0.6 ? Double.NaN : Double.POSITIVE_INFINITY;
      }
      boolean evaluated = step > 0 && step % (STEPS / 10) == 0;
      double accuracy = evaluated ? (diverges && t > 0.4 ? 0.1 : (accuracyLevel + noise) * (1 - Math.exp(-5 * t)))
          : Double.NaN;
      curve.add(new CurvePoint(step, lr, loss, accuracy));
    }
    double finalAccuracy = diverges ? 0.1 : accuracyLevel + noise;
    double finalLoss = diverges ? Double.NaN : curve.get(curve.size() - 1).trainLoss();
    return new RunResult(experiment, task, schedule, hyperparameters, seed, finalAccuracy, finalLoss, diverges,
        12.5 * seed, curve);
  }

  private static double lr(String schedule, double t) {
    return switch (schedule) {
      case "constant" -> 1.0;
      case "cosine" -> 0.05 * (1 + Math.cos(Math.PI * t)); // reaches exactly 0 at the end
      case "step" -> t < 0.5 ? 0.1 : t < 0.75 ? 0.01 : 0.001;
      default -> 0.1 * Math.exp(-t * 9) + 1e-5; // a learned decay down to ~1e-5
    };
  }
}
