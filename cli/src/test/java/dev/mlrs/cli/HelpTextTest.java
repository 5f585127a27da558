package dev.mlrs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help renders cleanly: a lone '%' in a description makes picocli warn and print it raw. */
class HelpTextTest {

  @Test
  void everyCommandsHelpPrintsWithoutPicocliWarnings() {
    List<List<String>> paths = new ArrayList<>();
    collect(new CommandLine(new Mlrs()), new ArrayList<>(), paths);
    assertFalse(paths.isEmpty());
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, run.status(), String.join(" ", args) + ": " + run);
      assertFalse(run.err().contains("picocli WARN") || run.out().contains("picocli WARN"),
          String.join(" ", args) + ": " + run);
    }
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      List<String> next = new ArrayList<>(path);
      next.add(sub.getKey());
      into.add(next);
      collect(sub.getValue(), next, into);
    }
  }
}
