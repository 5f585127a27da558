package dev.mlrs.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with columns sized to their contents (right-aligned numbers read better). */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final String[] header;

  TextTable(String... header) {
    this.header = header;
  }

  TextTable row(Object... cells) {
    String[] row = new String[header.length];
    for (int i = 0; i < header.length; i++) {
      row[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
    }
    rows.add(row);
    return this;
  }

  @Override
  public String toString() {
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
      for (String[] row : rows) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, width);
    for (int i = 0; i < header.length; i++) {
      out.append(i == 0 ? "|" : "").append("-".repeat(width[i] + 2)).append("|");
    }
    out.append('\n');
    rows.forEach(row -> line(out, row, width));
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    out.append('|');
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i];
      boolean numeric = !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.charAt(0) == '-')
          && cell.chars().anyMatch(Character::isDigit);
      String fill = " ".repeat(width[i] - cell.length());
      String padded = numeric ? fill + cell : cell + fill;
      out.append(' ').append(padded).append(" |");
    }
    out.append('\n');
  }
}
