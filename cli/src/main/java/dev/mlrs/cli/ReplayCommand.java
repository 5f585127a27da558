package dev.mlrs.cli;

import dev.mlrs.experiments.replay.CellEngine;
import dev.mlrs.experiments.replay.LearnerVersions;
import dev.mlrs.experiments.replay.Nd4jCellEngine;
import dev.mlrs.experiments.replay.PlainCellEngine;
import dev.mlrs.experiments.replay.Replay;
import dev.mlrs.experiments.replay.ReplayQuery;
import dev.mlrs.experiments.replay.ReplayReader;
import dev.mlrs.experiments.replay.WhatIfSchedule;
import dev.mlrs.experiments.replay.WhatIfTargets;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Reads recorded jobs back from the topics into tidy CSV tables and charts, optionally against a what-if schedule. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Export recorded jobs (steps, lr, validation, run-results, rejected) to CSV and PNG charts; "
        + "--what-if compares their LRs with another learner, version or a cosine schedule.")
final class ReplayCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Option(names = "--job", paramLabel = "ID", description = "A job to replay (repeatable).")
  List<String> jobs = List.of();

  @Option(names = "--jobs", paramLabel = "REGEX", description = "Replay the jobs whose id matches this regular "
      + "expression (whole id). Without --job and --jobs: every job.")
  String jobPattern;

  @Option(names = "--since", paramLabel = "TIME", description = "First record time: an instant "
      + "(2026-11-30T17:00:00Z) or a duration back from now (PT30M).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Last record time, written like --since.")
  String until;

  @Option(names = "--from-offset", paramLabel = "N", description = "First offset read in each partition of steps.")
  Long fromOffset;

  @Option(names = "--to-offset", paramLabel = "N",
      description = "End offset (exclusive) in each partition of steps.")
  Long toOffset;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/replay-<time>).")
  Path out;

  @Option(names = "--max-plots", defaultValue = "20",
      description = "Draw charts for at most this many jobs (default: ${DEFAULT-VALUE}); the CSV has them all.")
  int maxPlots;

  @Option(names = "--what-if", paramLabel = "SCHEDULE", description = "Compare with LEARNER, LEARNER@VERSION "
      + "(meta-params or learner-history) or cosine[:START[:FLOOR]], run on the recorded losses.")
  String whatIf;

  @Option(names = "--engine", defaultValue = "nd4j", description = "Cell engine of --what-if: nd4j (all jobs in one "
      + "batch) or java (the agent's plain-Java cell, one job after another). Default: ${DEFAULT-VALUE}.")
  String engine;

  @Override
  public Integer call() throws Exception {
    PrintStream console = System.out;
    OptionChecks.atLeast("--max-plots", maxPlots, 0);
    if (cluster.fresh) {
      throw new IllegalArgumentException("--fresh would empty the embedded broker's kept data that replay reads");
    }
    CellEngine cells = switch (engine) {
      case "nd4j" -> new Nd4jCellEngine();
      case "java" -> new PlainCellEngine();
      default -> throw new IllegalArgumentException("--engine is nd4j or java, not '" + engine + "'");
    };
    Instant now = Instant.now();
    ReplayQuery query = new ReplayQuery(new LinkedHashSet<>(jobs), pattern(jobPattern), time("--since", since, now),
        time("--until", until, now), fromOffset, toOffset);
    Path dir = out != null ? out : Path.of("runs", "replay-" + Long.toString(now.toEpochMilli(), 36));
    try (Cluster kafka = Cluster.open(cluster, console)) {
      var client = kafka.clientSettings();
      WhatIfSchedule schedule = whatIf == null ? null : WhatIfTargets.parse(whatIf,
          LearnerVersions.read(client.connection(), client.topics(), client.kafkaProperties()), cells);
      ReplayReader reader = new ReplayReader(client.connection(), client.topics(), client.kafkaProperties());
      Replay.Outcome outcome = Replay.run(reader, query, dir, maxPlots, schedule);
      console.printf("Replayed %d job(s), %d step(s)%s into %s%n", outcome.jobs().size(), outcome.steps(),
          outcome.undecodable() > 0 ? " (" + outcome.undecodable() + " record(s) of an unknown schema skipped)" : "",
          dir);
      if (outcome.whatIf() != null) {
        console.printf("What-if %s on %d job(s): %.2f s (%s engine)%n", outcome.whatIf().label(),
            outcome.jobs().size(), outcome.whatIf().seconds(), engine);
      }
      outcome.files().forEach(f -> console.println("  " + f));
      if (outcome.jobs().isEmpty()) {
        console.println("No job matched: check --job/--jobs, the range, and --topic-prefix.");
      }
    }
    return 0;
  }

  private static Pattern pattern(String regex) {
    if (regex == null) {
      return null;
    }
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("--jobs: not a regular expression: " + e.getDescription());
    }
  }

  /** An instant, or a duration back from {@code now}; null stays null. */
  static Long time(String option, String text, Instant now) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException notInstant) {
      try {
        return now.minus(Duration.parse(text)).toEpochMilli();
      } catch (DateTimeParseException notDuration) {
        throw new IllegalArgumentException(option + ": '" + text + "' is neither an instant (2026-11-30T17:00:00Z) "
            + "nor a duration (PT30M)");
      }
    }
  }
}
