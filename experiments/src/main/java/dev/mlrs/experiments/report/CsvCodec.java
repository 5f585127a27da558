package dev.mlrs.experiments.report;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 style CSV: quotes a field only when it needs it, and parses quoted fields spanning lines. */
public final class CsvCodec {
  private CsvCodec() {
  }

  /** One record as a CSV line, newline included. */
  public static String line(List<String> fields) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields.get(i)));
    }
    return out.append('\n').toString();
  }

  static String field(String value) {
    boolean needsQuotes = value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
        // Leading/trailing blanks are kept by the reader only inside quotes, so protect them.
        || !value.equals(value.strip());
    return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  /** All records of a CSV text; blank lines are skipped. */
  public static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldStarted = false;
    int line = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0 && !fieldStarted) {
        quoted = true;
        fieldStarted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        endRecord(records, record, field, fieldStarted);
        record = new ArrayList<>();
        fieldStarted = false;
        line++;
      } else {
        field.append(c);
        fieldStarted = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("CSV: unterminated quoted field at line " + line);
    }
    endRecord(records, record, field, fieldStarted);
    return records;
  }

  private static void endRecord(List<List<String>> records, List<String> record, StringBuilder field,
                                boolean fieldStarted) {
    if (record.isEmpty() && field.length() == 0 && !fieldStarted) {
      return; // a blank line
    }
    record.add(field.toString());
    field.setLength(0);
    records.add(record);
  }
}
