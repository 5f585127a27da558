package dev.mlrs.cli;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.experiments.ExperimentPlan;
import dev.mlrs.experiments.ExperimentRunner;
import dev.mlrs.experiments.ServedEntry;
import dev.mlrs.experiments.TaskSpec;
import dev.mlrs.experiments.report.ReportWriter;
import dev.mlrs.experiments.report.ResultsCsv;
import dev.mlrs.experiments.report.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs an experiment or a study file (tasks x schedules x seeds), with MLR-SNet served by an agent on the
 * embedded broker (or a given cluster), and writes results.csv, curves.csv, summary.md and plots.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Run an experiment or study file (or a built-in preset) and write CSV, Markdown tables and PNG "
        + "plots.")
final class ExperimentCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "Experiment or study JSON file (docs/experiments.md).")
  Path file;

  @Option(names = "--preset",
      description = "Built-in experiment: quick (a few minutes, the CI smoke test), study (docs/results.md, about "
          + "an hour) or fleet-study (frozen learners against re-tuned baselines, 10 and 5 seeds; several hours).")
  String preset;

  @Option(names = "--quick", description = "Same as --preset quick.")
  boolean quick;

  @Option(names = "--report", paramLabel = "RESULTS_DIR", arity = "1..*",
      description = "Train nothing: write one report (summary, paired differences, plots) into --out from the "
          + "results.csv and curves.csv of these folders, e.g. baselines and served schedules run apart.")
  List<Path> reportFrom;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/<name>-<time>).")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintStream console = System.out;
    if (reportFrom != null) {
      return report(console);
    }
    ExperimentPlan.Study study = readStudy();
    DataPreparation.prepare(study.experiments().stream().flatMap(e -> e.tasks().stream())
        .map(TaskSpec::dataset).toList(), console);
    Path dir = out != null ? out : Path.of("runs", study.name() + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(dir);
    boolean served = study.experiments().stream().flatMap(e -> e.schedules().stream())
        .anyMatch(ServedEntry.class::isInstance);
    long started = System.nanoTime();
    List<Path> written = new ArrayList<>();
    try (Cluster kafka = served ? Cluster.open(cluster, console) : null) {
      LearnerAdmin admin = null;
      if (kafka != null) {
        if (kafka.embedded()) {
          AgentSettings settings = kafka.agentSettings();
          kafka.startAgent(settings, console);
        }
        admin = kafka.learnerAdmin();
      }
      try {
        String tag = Long.toString(System.currentTimeMillis(), 36);
        ExperimentRunner runner = new ExperimentRunner(kafka == null ? null : kafka.clientSettings(), admin, tag,
            console);
        for (ExperimentPlan plan : study.experiments()) {
          List<RunResult> results = runner.run(plan, dir.resolve("learners"));
          written.addAll(ReportWriter.write(results, dir.resolve(plan.name())));
          console.println();
          console.println(Files.readString(dir.resolve(plan.name()).resolve("summary.md")));
        }
      } finally {
        if (admin != null) {
          admin.close();
        }
      }
    }
    console.printf("Study %s finished in %.1f min; %d files in %s%n", study.name(),
        (System.nanoTime() - started) / 6e10,
        written.size(), dir.toAbsolutePath());
    return 0;
  }

  /** Merges the runs of several result folders into one report, so that their schedules are compared together. */
  private int report(PrintStream console) throws IOException {
    if (out == null || file != null || preset != null || quick) {
      throw new IllegalArgumentException("--report takes result folders and --out DIR, and no plan");
    }
    List<RunResult> runs = new ArrayList<>();
    for (Path folder : reportFrom) {
      Path results = folder.resolve(ResultsCsv.RESULTS_FILE);
      if (!Files.isRegularFile(results)) {
        throw new IllegalArgumentException(folder + " has no " + ResultsCsv.RESULTS_FILE);
      }
      runs.addAll(ResultsCsv.read(results, folder.resolve(ResultsCsv.CURVES_FILE)));
    }
    List<Path> written = ReportWriter.write(runs, out);
    console.println(Files.readString(out.resolve(ReportWriter.SUMMARY_FILE)));
    console.printf("Report of %d runs from %d folder(s): %d files in %s%n", runs.size(), reportFrom.size(),
        written.size(), out.toAbsolutePath());
    return 0;
  }

  private ExperimentPlan.Study readStudy() throws IOException {
    String name = quick ? "quick" : preset;
    if (file != null && name != null) {
      throw new IllegalArgumentException("give either FILE or --preset/--quick, not both");
    }
    if (file != null) {
      return ExperimentPlan.read(file);
    }
    if (name == null) {
      throw new IllegalArgumentException("give an experiment FILE, --preset quick|study|fleet-study or --quick");
    }
    return ExperimentPlan.preset(name);
  }
}
