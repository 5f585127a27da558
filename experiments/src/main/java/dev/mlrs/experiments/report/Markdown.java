package dev.mlrs.experiments.report;

import java.util.ArrayList;
import java.util.List;

/** Turns arbitrary names into Markdown that renders as the name itself, plus a padded GitHub-style table. */
final class Markdown {
  private Markdown() {
  }

  /** Plain text: Markdown's special characters are backslash-escaped, line breaks become spaces. */
  static String text(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : oneLine(s).toCharArray()) {
      if ("\\`*_[]<>|#".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** A code span, for values such as "lr=0.1, warmup=5" that read better verbatim. */
  static String code(String s) {
    String value = oneLine(s);
    if (value.isBlank()) {
      return "";
    }
    // A backtick inside needs a longer fence, and the spaces keep a leading/trailing backtick apart from it.
    String fence = value.contains("`") ? "``" : "`";
    String padding = value.contains("`") ? " " : "";
    // Inside a table even a code span ends at an unescaped pipe.
    return fence + padding + value.replace("|", "\\|") + padding + fence;
  }

  static String bold(String s) {
    return "**" + s + "**";
  }

  private static String oneLine(String s) {
    return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }

  /** A table whose cells are already Markdown; columns are padded so the raw text lines up too. */
  static final class Table {
    private final List<String> header;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> header, boolean... rightAligned) {
      this.header = List.copyOf(header);
      this.rightAligned = new boolean[header.size()];
      for (int i = 0; i < rightAligned.length && i < header.size(); i++) {
        this.rightAligned[i] = rightAligned[i];
      }
    }

    Table row(List<String> cells) {
      if (cells.size() != header.size()) {
        throw new IllegalArgumentException("row has " + cells.size() + " cells, header " + header.size());
      }
      rows.add(List.copyOf(cells));
      return this;
    }

    String render() {
      int[] width = new int[header.size()];
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(3, header.get(i).length());
        for (List<String> row : rows) {
          width[i] = Math.max(width[i], row.get(i).length());
        }
      }
      StringBuilder out = new StringBuilder();
      line(out, header, width);
      out.append('|');
      for (int i = 0; i < width.length; i++) {
        String dashes = "-".repeat(width[i] - 1);
        out.append(' ').append(rightAligned[i] ? dashes + ":" : ":" + dashes).append(" |");
      }
      out.append('\n');
      rows.forEach(row -> line(out, row, width));
      return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] width) {
      out.append('|');
      for (int i = 0; i < cells.size(); i++) {
        String pad = " ".repeat(width[i] - cells.get(i).length());
        out.append(' ').append(rightAligned[i] ? pad + cells.get(i) : cells.get(i) + pad).append(" |");
      }
      out.append('\n');
    }
  }
}
