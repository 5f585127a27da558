package dev.mlrs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mlrs} launcher: one entry point for the demo, the agent, training jobs and learners. */
@Command(name = "mlrs", mixinStandardHelpOptions = true, version = "mlrs 0.1.0",
    description = "Learned learning-rate schedules (MLR-SNet) served to training jobs over Kafka.",
    subcommands = {DemoCommand.class, AgentCommand.class, TrainCommand.class, ExperimentCommand.class,
        MetaTrainCommand.class, LearnersCommand.class, AclsCommand.class, BenchCommand.class, ReplayCommand.class})
public final class Mlrs implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs one command and returns its exit status (what {@link #main} exits with); for tests. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Mlrs());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("mlrs: " + Messages.clean(e));
      if (System.getenv("MLRS_DEBUG") != null) {
        e.printStackTrace(commandLine.getErr());
      } else {
        commandLine.getErr().println("(set MLRS_DEBUG=1 for the stack trace)");
      }
      return 1;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
