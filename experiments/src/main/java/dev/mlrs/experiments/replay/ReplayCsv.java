package dev.mlrs.experiments.replay;

import dev.mlrs.experiments.report.CsvCodec;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tidy tables of a replay: steps.csv (one row per job and step), runs.csv (one row per job that sent a
 * run result) and rejected.csv (one row per dead letter). Numbers are written with Java's shortest exact
 * representation, so a reader gets back the very doubles the topics held; a missing value is an empty field.
 */
public final class ReplayCsv {
  public static final List<String> STEP_COLUMNS = List.of("job", "step", "timestamp_ms", "loss", "learner", "mode",
      "total_steps", "progress", "num_classes", "reference_loss", "given_gamma", "lr_min", "lr_max", "status", "lr",
      "learner_version", "stage", "gamma", "output", "clamped", "reason", "val_loss", "hypergradient");
  public static final List<String> RUN_COLUMNS = List.of("job", "last_step", "validation_loss",
      "validation_accuracy", "diverged", "timestamp_ms");
  public static final List<String> REJECTED_COLUMNS = List.of("job", "source_topic", "partition", "offset",
      "reason", "rejected_at_ms");

  private ReplayCsv() {
  }

  /** Writes the three tables into {@code dir} (created if needed) and returns their paths. */
  public static List<Path> write(List<JobTrace> traces, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path steps = dir.resolve("steps.csv");
    Path runs = dir.resolve("runs.csv");
    Path rejected = dir.resolve("rejected.csv");
    try (Writer out = Files.newBufferedWriter(steps, StandardCharsets.UTF_8)) {
      out.write(CsvCodec.line(STEP_COLUMNS));
      for (JobTrace t : traces) {
        for (StepRow r : t.steps()) {
          out.write(CsvCodec.line(fields(r.job(), r.step(), r.timestampMillis(), r.loss(), r.learner(), r.mode(),
              r.totalSteps(), r.progress(), r.numClasses(), r.referenceLoss(), r.givenGamma(), r.lrMin(), r.lrMax(),
              r.status(), r.lr(), r.learnerVersion(), r.stage(), r.gamma(), r.output(), r.clamped(), r.reason(),
              r.valLoss(), r.hypergradient())));
        }
      }
    }
    try (Writer out = Files.newBufferedWriter(runs, StandardCharsets.UTF_8)) {
      out.write(CsvCodec.line(RUN_COLUMNS));
      for (JobTrace t : traces) {
        RunRow r = t.result();
        if (r != null) {
          out.write(CsvCodec.line(fields(r.job(), r.lastStep(), r.validationLoss(), r.validationAccuracy(),
              r.diverged(), r.timestampMillis())));
        }
      }
    }
    try (Writer out = Files.newBufferedWriter(rejected, StandardCharsets.UTF_8)) {
      out.write(CsvCodec.line(REJECTED_COLUMNS));
      for (JobTrace t : traces) {
        for (RejectedRow r : t.rejected()) {
          out.write(CsvCodec.line(fields(r.job(), r.sourceTopic(), r.partition(), r.offset(), r.reason(),
              r.rejectedAtMillis())));
        }
      }
    }
    return List.of(steps, runs, rejected);
  }

  private static List<String> fields(Object... values) {
    List<String> out = new ArrayList<>(values.length);
    for (Object v : values) {
      out.add(v == null ? "" : v.toString());
    }
    return out;
  }
}
