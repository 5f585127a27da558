package dev.mlrs.cli;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.agent.app.TopicSetup;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.LearnerFiles;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists, creates, forks, exports and imports learners on a cluster's meta-params topic. */
@Command(name = "learners", mixinStandardHelpOptions = true,
    description = "Manage learners (named meta-learner weights) on a cluster.",
    subcommands = {LearnersCommand.ListLearners.class, LearnersCommand.Create.class, LearnersCommand.Fork.class,
        LearnersCommand.Grow.class, LearnersCommand.Export.class, LearnersCommand.Import.class,
        LearnersCommand.Rescale.class})
final class LearnersCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /**
   * Shared: the cluster, by default the embedded broker with its kept data (the learners of earlier demo and
   * train runs). On the embedded broker the topics and the shipped learners are set up first, as an agent's
   * first start would, so that a fresh one lists them too.
   */
  abstract static class OnCluster implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Override
    public final Integer call() throws Exception {
      checkArguments();
      try (Cluster kafka = Cluster.open(cluster, System.err)) {
        if (kafka.embedded()) {
          TopicSetup.ensure(kafka.agentSettings());
        }
        try (LearnerAdmin admin = kafka.learnerAdmin()) {
          if (kafka.embedded()) {
            admin.publishMissingShipped();
          }
          return run(admin);
        }
      }
    }

    /** Checks what can be checked before a broker is started or reached. */
    void checkArguments() {
    }

    abstract Integer run(LearnerAdmin admin) throws Exception;
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the latest version of every learner.")
  static final class ListLearners extends OnCluster {
    @Override
    Integer run(LearnerAdmin admin) {
      TextTable table = new TextTable("learner", "version", "stages", "gradients applied", "created", "origin");
      for (Map.Entry<String, LearnerParams> e : admin.list().entrySet()) {
        LearnerParams p = e.getValue();
        table.row(p.getName(), p.getVersion(), p.getStages().size(), p.getGradientsApplied(),
            Instant.ofEpochMilli(p.getCreatedAtMillis()), p.getOrigin());
      }
      System.out.print(table);
      return 0;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a learner from scratch (PyTorch-style init; output layer zero so it starts at "
          + "--initial-output).")
  static final class Create extends OnCluster {
    @Parameters(index = "0", description = "Name of the new learner.")
    String name;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--initial-output", defaultValue = "0.5",
        description = "Initial LR as a fraction of gamma, in (0, 1) (default: ${DEFAULT-VALUE}).")
    double initialOutput;

    @Override
    Integer run(LearnerAdmin admin) {
      LearnerParams p = admin.create(name, seed, initialOutput);
      System.out.println("published " + p.getName() + "@" + p.getVersion());
      return 0;
    }
  }

  @Command(name = "fork", mixinStandardHelpOptions = true,
      description = "Copy one stage of a learner into a new learner.")
  static final class Fork extends OnCluster {
    @Parameters(index = "0", description = "Source learner.")
    String source;

    @Parameters(index = "1", description = "Name of the new learner.")
    String name;

    @Option(names = "--stage", defaultValue = "0",
        description = "Stage of the source to copy (default: ${DEFAULT-VALUE}).")
    int stage;

    @Override
    Integer run(LearnerAdmin admin) {
      LearnerParams p = admin.fork(source, stage, name);
      System.out.println("published " + p.getName() + "@" + p.getVersion() + " (" + p.getOrigin() + ")");
      return 0;
    }
  }

  @Command(name = "grow", mixinStandardHelpOptions = true,
      description = {"Grow one stage of a learner into a learner that reads the training progress t/T and has a",
          "progress head (both zero, so it serves what the source serves until it is trained), trained by the",
          "objective given. 'mlrs meta-train' grows its FLEET_ES learners itself; this command is for the others,",
          "such as the one-step objective with the new learner (docs/fleet.md)."})
  static final class Grow extends OnCluster {
    @Parameters(index = "0", description = "Source learner (without progress input).")
    String source;

    @Parameters(index = "1", description = "Name of the new learner.")
    String name;

    @Option(names = "--stage", defaultValue = "0",
        description = "Stage of the source to grow (default: ${DEFAULT-VALUE}).")
    int stage;

    @Option(names = "--knots", defaultValue = "6",
        description = "Knots of the progress head, 0 for none (default: ${DEFAULT-VALUE}).")
    int knots;

    @Option(names = "--no-progress-input", description = "Do not add the progress input column.")
    boolean noProgressInput;

    @Option(names = "--objective", defaultValue = "ONE_STEP",
        description = "How the learner is trained: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    MetaObjective objective;

    @Override
    Integer run(LearnerAdmin admin) {
      LearnerParams p = admin.grow(source, stage, name, !noProgressInput, knots, objective, null);
      System.out.println("published " + p.getName() + "@" + p.getVersion() + " (" + p.getOrigin() + ")");
      return 0;
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Write the latest version of a learner to a JSON file.")
  static final class Export extends OnCluster {
    @Parameters(index = "0", description = "Learner.")
    String name;

    @Parameters(index = "1", description = "File to write.")
    Path file;

    @Override
    Integer run(LearnerAdmin admin) throws Exception {
      LearnerParams p = admin.export(name, file);
      System.out.println("wrote " + p.getName() + "@" + p.getVersion() + " to " + file);
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Publish a learner file as the next version of its name (or of --name).")
  static final class Import extends OnCluster {
    @Parameters(index = "0", description = "Learner file (from export).")
    Path file;

    @Option(names = "--name", description = "Publish under this name instead of the file's.")
    String name;

    @Override
    void checkArguments() {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("learner file not found: " + file.toAbsolutePath());
      }
    }

    @Override
    Integer run(LearnerAdmin admin) throws Exception {
      LearnerParams p = admin.importFile(file, name);
      System.out.println("published " + p.getName() + "@" + p.getVersion());
      return 0;
    }
  }

  @Command(name = "rescale", mixinStandardHelpOptions = true,
      description = {"Write a learner file with a fixed LR scale (gamma for every job, whatever its class count)",
          "instead of the paper's per-job gamma; the output bias moves so that annealed LRs stay the same",
          "(docs/fleet.md). Works on files only: publish the result with 'learners import'."})
  static final class Rescale implements Callable<Integer> {
    @Parameters(index = "0", description = "Learner file to read.")
    Path from;

    @Parameters(index = "1", description = "Learner file to write.")
    Path to;

    @Option(names = "--scale", required = true, description = "The fixed LR scale (the largest LR it can serve).")
    double scale;

    @Option(names = "--served-gamma", required = true,
        description = "The gamma the learner was trained with (0.668 for 10-class tasks starting at ln 10).")
    double servedGamma;

    @Option(names = "--name", required = true, description = "Name of the new learner.")
    String name;

    @Override
    public Integer call() throws Exception {
      LearnerParams source = LearnerAdmin.readFile(from);
      LearnerParams rescaled = LearnerFactory.withLrScale(source, name, scale, servedGamma,
          System.currentTimeMillis());
      LearnerFiles.write(rescaled, to);
      System.out.println("wrote " + rescaled.getName() + " (" + rescaled.getOrigin() + ") to " + to);
      return 0;
    }
  }
}
