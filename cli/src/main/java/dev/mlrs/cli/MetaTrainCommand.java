package dev.mlrs.cli;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.experiments.fleet.FleetMetaTraining;
import dev.mlrs.experiments.fleet.FleetPlan;
import dev.mlrs.schemas.LearnerParams;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Trains a schedule-aware learner with the fleet objective (docs/fleet.md): generations of antithetic pairs of
 * real training jobs served by the agent, one ES step per generation.
 */
@Command(name = "meta-train", mixinStandardHelpOptions = true,
    description = "Train a schedule-aware learner over whole runs with the fleet objective (evolution strategies "
        + "over antithetic pairs of training jobs). Resumable: the learner lives in Kafka, and a learner.json in "
        + "--out is picked up when the cluster does not have the learner.")
final class MetaTrainCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "Fleet plan JSON file (docs/fleet.md).")
  Path file;

  @Option(names = "--preset", defaultValue = "default",
      description = "Built-in plan when no FILE is given: default (trains the shipped learner on fmnist-mlp) or "
          + "quick (sklearn digits, a few minutes). Default: ${DEFAULT-VALUE}.")
  String preset;

  @Option(names = "--learner", paramLabel = "NAME", description = "Learner to train (overrides the plan's).")
  String learner;

  @Option(names = "--generations", paramLabel = "N", description = "Total generations to reach (overrides the plan).")
  Integer generations;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output folder: learner.json, generations.csv, schedules/*.png (default: runs/meta-train-NAME).")
  Path out;

  @Override
  public Integer call() throws Exception {
    FleetPlan plan = file != null ? FleetPlan.read(file) : FleetPlan.preset(preset);
    if (learner != null) {
      plan = plan.withLearner(learner);
    }
    if (generations != null) {
      if (generations < 1) {
        throw new IllegalArgumentException("--generations must be at least 1, got " + generations);
      }
      plan = plan.withGenerations(generations);
    }
    Path dir = out != null ? out : Path.of("runs", "meta-train-" + plan.learner());
    PrintStream console = System.out;
    try (Cluster kafka = Cluster.open(cluster, console)) {
      if (kafka.embedded()) {
        kafka.startAgent(kafka.agentSettings(), console);
      }
      try (LearnerAdmin admin = kafka.learnerAdmin()) {
        String tag = Long.toString(System.currentTimeMillis(), 36);
        LearnerParams trained = new FleetMetaTraining(kafka.clientSettings(), admin, console, tag).run(plan, dir);
        console.printf("Use it: ./mlrs learners import %s  (jobs: --learner %s --mode FROZEN)%n",
            dir.resolve("learner.json"), trained.getName());
      }
    }
    return 0;
  }
}
