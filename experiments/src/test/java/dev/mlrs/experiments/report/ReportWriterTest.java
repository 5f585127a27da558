package dev.mlrs.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
  @TempDir
  Path dir;

  @Test
  void writesEveryFileItListsAndListsEveryFileItWrites() throws IOException {
    Path out = dir.resolve("study").resolve("meta-train");
    List<Path> files = ReportWriter.write(SampleRuns.study(), out);

    assertEquals(2 + 2 * 3 + 1, files.size());
    for (Path file : files) {
      assertTrue(Files.isRegularFile(file) && Files.size(file) > 0, file.toString());
      if (file.toString().endsWith(".png")) {
        PlotsTest.assertPng(file);
      }
    }
    try (Stream<Path> all = Files.walk(out)) {
      assertEquals(files.stream().sorted().toList(), all.filter(Files::isRegularFile).sorted().toList());
    }
    assertTrue(files.containsAll(List.of(out.resolve("results.csv"), out.resolve("curves.csv"),
        out.resolve("summary.md"), out.resolve("plots/meta-train/accuracy-fmnist-mlp.png"))));
  }

  @Test
  void summaryExplainsColumnsAndLinksEveryPlot() throws IOException {
    Path out = dir.resolve("report");
    List<Path> files = ReportWriter.write(SampleRuns.study(), out);
    String summary = Files.readString(out.resolve("summary.md"));

    assertTrue(summary.startsWith("# Results: meta-train\n"));
    assertTrue(summary.contains("24 runs, 2 diverged."));
    assertTrue(summary.contains("sample standard deviation"));
    assertTrue(summary.contains("## Across tasks"));
    for (Path png : files.stream().filter(f -> f.toString().endsWith(".png")).toList()) {
      String link = "](" + out.relativize(png).toString().replace('\\', '/') + ")";
      assertTrue(summary.contains(link), "no link " + link);
    }
  }

  @Test
  void aReportCanBeRegeneratedFromItsCsvFiles() throws IOException {
    Path first = dir.resolve("first");
    ReportWriter.write(SampleRuns.study(), first);
    List<RunResult> reread = ResultsCsv.read(first.resolve("results.csv"), first.resolve("curves.csv"));
    assertEquals(SampleRuns.study(), reread);

    Path second = dir.resolve("second");
    ReportWriter.write(reread, second);
    assertEquals(Files.readString(first.resolve("summary.md")), Files.readString(second.resolve("summary.md")));
    assertEquals(Files.readString(first.resolve("curves.csv")), Files.readString(second.resolve("curves.csv")));
  }

  @Test
  void noRunsGiveAnEmptyReportNotACrash() throws IOException {
    List<Path> files = ReportWriter.write(List.of(), dir.resolve("empty"));
    assertEquals(3, files.size());
    assertTrue(Files.readString(dir.resolve("empty/summary.md")).contains("No runs."));
  }
}
