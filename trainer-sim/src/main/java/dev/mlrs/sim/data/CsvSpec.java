package dev.mlrs.sim.data;

import dev.mlrs.sim.data.CsvDataReader.Header;
import java.util.Locale;

/**
 * What follows {@code csv:} in a dataset spec: one or two files, then options separated by semicolons,
 * {@code csv:train.csv,test.csv;label=0;header=yes}. Options left out (null here) take the
 * {@link LoadOptions} values: label in the last column, header detected.
 *
 * @param paths       the training file, and the test file when given
 * @param labelColumn zero-based label column, negative counts from the end (-1 = last); null = not given
 * @param header      whether the files start with a header line; null = not given
 */
record CsvSpec(String[] paths, Integer labelColumn, Header header) {

  static CsvSpec parse(String argument) {
    String[] parts = argument.split(";", -1);
    String[] paths = Datasets.splitPaths(parts[0], "csv", 1, 2);
    Integer label = null;
    Header header = null;
    for (int i = 1; i < parts.length; i++) {
      String option = parts[i].trim();
      int eq = option.indexOf('=');
      if (eq < 0) {
        throw new DataException("csv: option '" + option + "' is not NAME=VALUE (label=N or header=yes|no|auto)");
      }
      String name = option.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = option.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "label" -> label = labelColumn(value);
        case "header" -> header = header(value);
        default -> throw new DataException("csv: unknown option '" + name + "'; use label=N or header=yes|no|auto");
      }
    }
    return new CsvSpec(paths, label, header);
  }

  private static int labelColumn(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new DataException("csv: label must be a column number (0 = first, -1 = last), got '" + value + "'");
    }
  }

  private static Header header(String value) {
    return switch (value) {
      case "yes", "true", "present" -> Header.PRESENT;
      case "no", "false", "absent" -> Header.ABSENT;
      case "auto" -> Header.AUTO;
      default -> throw new DataException("csv: header must be yes, no or auto, got '" + value + "'");
    };
  }
}
