package dev.mlrs.experiments.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the body rows of a rendered Markdown table back into cells, for assertions. */
final class MarkdownTables {
  private MarkdownTables() {
  }

  /** Header first, then data rows; the |---| line is dropped. Escaped pipes stay inside their cell. */
  static List<List<String>> cells(String table) {
    List<List<String>> rows = new ArrayList<>();
    for (String line : table.strip().split("\n")) {
      if (!line.startsWith("|") || line.matches("[|:\\- ]+")) {
        continue;
      }
      String inner = line.substring(1, line.length() - 1);
      rows.add(Arrays.stream(inner.split("(?<!\\\\)\\|", -1)).map(String::strip).toList());
    }
    return rows;
  }
}
