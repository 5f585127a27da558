package dev.mlrs.experiments.replay;

import dev.mlrs.experiments.report.CsvCodec;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * whatif.csv: per job and recorded step, the recorded loss and LR beside the LR of the what-if
 * schedule (empty where the agent rejected the step and a learner would not have run).
 */
public final class WhatIfCsv {
  public static final List<String> COLUMNS = List.of("job", "step", "loss", "recorded_lr", "schedule", "whatif_lr");

  private WhatIfCsv() {
  }

  public static Path write(List<JobTrace> jobs, String label, List<double[]> lrs, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("whatif.csv");
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(CsvCodec.line(COLUMNS));
      for (int j = 0; j < jobs.size(); j++) {
        List<StepRow> steps = jobs.get(j).steps();
        for (int t = 0; t < steps.size(); t++) {
          StepRow s = steps.get(t);
          double whatIf = lrs.get(j)[t];
          out.write(CsvCodec.line(List.of(s.job(), Long.toString(s.step()), Double.toString(s.loss()),
              s.served() ? Double.toString(s.lr()) : "", label, Double.isNaN(whatIf) ? "" : Double.toString(whatIf))));
        }
      }
    }
    return file;
  }
}
