package dev.mlrs.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Starts child processes whose stdout and stderr are appended to one log file. */
final class ChildProcesses {

  private ChildProcesses() {
  }

  static Process start(List<String> command, Path logFile) {
    try {
      Path parent = logFile.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // stdin stays a pipe on purpose: BrokerProcessMain treats its end-of-file as "the parent is gone".
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0) + " (output to " + logFile + ")", e);
    }
  }
}
