package dev.mlrs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mlrs} launcher: one entry point for the demo, the agent, training jobs and learners. */
@Command(name = "mlrs", mixinStandardHelpOptions = true, version = "mlrs 0.1.0",
    description = "Learned learning-rate schedules (MLR-SNet) served to training jobs over Kafka.",
    subcommands = {DemoCommand.class, AgentCommand.class, TrainCommand.class, ExperimentCommand.class,
        MetaTrainCommand.class, LearnersCommand.class, BenchCommand.class})
public final class Mlrs implements Runnable {

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Mlrs());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("mlrs: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      if (System.getenv("MLRS_DEBUG") != null) {
        e.printStackTrace(commandLine.getErr());
      } else {
        commandLine.getErr().println("(set MLRS_DEBUG=1 for the stack trace)");
      }
      return 1;
    });
    System.exit(cli.execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
