package dev.mlrs.sim.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Loads a numeric CSV file (optionally gzipped) as features plus an integer label column, for a user's own
 * data. Immutable; configure with the {@code with...} methods:
 *
 * <pre>  CsvTable t = CsvDataReader.defaults().withLabelColumn(0).withHeader(Header.PRESENT).read(path);</pre>
 *
 * <p>Blank lines are skipped, fields are trimmed and may be wrapped in double quotes. Every row must have
 * the same number of columns. Labels must be whole numbers >= 0.
 */
public final class CsvDataReader {

  /** Whether the first non-blank line is a header. AUTO: it is when any of its fields is not a number. */
  public enum Header { AUTO, PRESENT, ABSENT }

  /** The parsed file: one feature row per sample (raw values, not scaled) and the labels. */
  public record CsvTable(float[][] features, int[] labels, List<String> header) {

    public int rows() {
      return labels.length;
    }

    public int featureColumns() {
      return features.length == 0 ? 0 : features[0].length;
    }
  }

  private final int labelColumn;
  private final Header header;
  private final char delimiter;

  private CsvDataReader(int labelColumn, Header header, char delimiter) {
    this.labelColumn = labelColumn;
    this.header = header;
    this.delimiter = delimiter;
  }

  /** Label in the last column, header detected, comma separated. */
  public static CsvDataReader defaults() {
    return new CsvDataReader(-1, Header.AUTO, ',');
  }

  /** Zero-based label column; negative counts from the end (-1 = last). */
  public CsvDataReader withLabelColumn(int column) {
    return new CsvDataReader(column, header, delimiter);
  }

  public CsvDataReader withHeader(Header mode) {
    return new CsvDataReader(labelColumn, mode, delimiter);
  }

  public CsvDataReader withDelimiter(char separator) {
    return new CsvDataReader(labelColumn, header, separator);
  }

  public CsvTable read(Path file) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(CompressedFiles.open(file), StandardCharsets.UTF_8))) {
      return parse(reader, file);
    } catch (NoSuchFileException e) {
      throw new DataException("CSV file not found: " + file, e);
    } catch (IOException e) {
      throw new DataException("could not read CSV file " + file + ": " + e.getMessage(), e);
    }
  }

  private CsvTable parse(BufferedReader reader, Path file) throws IOException {
    Pattern splitter = Pattern.compile(Pattern.quote(String.valueOf(delimiter)));
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<String> headerFields = List.of();
    int columns = -1;
    int labelIndex = -1;
    int lineNumber = 0;
    boolean firstLine = true;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = splitter.split(line, -1);
      for (int i = 0; i < fields.length; i++) {
        fields[i] = unquote(fields[i].trim());
      }
      if (firstLine) {
        firstLine = false;
        if (isHeader(fields)) {
          headerFields = List.of(fields);
          continue;
        }
      }
      if (columns < 0) {
        columns = fields.length;
        if (columns < 2) {
          throw new DataException(file + ":" + lineNumber + ": need at least 2 columns (features and a label), found "
              + columns + " (delimiter '" + delimiter + "')");
        }
        labelIndex = labelColumn < 0 ? columns + labelColumn : labelColumn;
        if (labelIndex < 0 || labelIndex >= columns) {
          throw new DataException(file + ": label column " + labelColumn + " does not exist; rows have " + columns
              + " columns");
        }
      } else if (fields.length != columns) {
        throw new DataException(file + ":" + lineNumber + ": expected " + columns
            + " columns like the first row, found " + fields.length);
      }
      float[] row = new float[columns - 1];
      int out = 0;
      for (int c = 0; c < columns; c++) {
        if (c == labelIndex) {
          labels.add(parseLabel(fields[c], file, lineNumber, c));
        } else {
          row[out++] = parseNumber(fields[c], file, lineNumber, c);
        }
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new DataException(file + ": no data rows");
    }
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    return new CsvTable(rows.toArray(new float[0][]), labelArray, headerFields);
  }

  private boolean isHeader(String[] fields) {
    return switch (header) {
      case PRESENT -> true;
      case ABSENT -> false;
      case AUTO -> {
        for (String field : fields) {
          if (!isNumber(field)) {
            yield true;
          }
        }
        yield false;
      }
    };
  }

  private static boolean isNumber(String text) {
    try {
      Double.parseDouble(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static float parseNumber(String text, Path file, int line, int column) {
    try {
      float value = Float.parseFloat(text);
      if (!Float.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new DataException(file + ":" + line + ": column " + column + " is not a finite number: '" + text + "'");
    }
  }

  private static int parseLabel(String text, Path file, int line, int column) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new DataException(file + ":" + line + ": label column " + column + " is not a number: '" + text + "'");
    }
    if (value < 0 || value != Math.rint(value) || value > Integer.MAX_VALUE) {
      throw new DataException(file + ":" + line + ": label '" + text + "' in column " + column
          + " is not a whole number >= 0");
    }
    return (int) value;
  }

  private static String unquote(String field) {
    if (field.length() >= 2 && field.charAt(0) == '"' && field.charAt(field.length() - 1) == '"') {
      return field.substring(1, field.length() - 1).trim();
    }
    return field;
  }
}
