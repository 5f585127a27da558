package dev.mlrs.sim.data;

import dev.mlrs.sim.data.CsvDataReader.Header;
import java.util.Objects;

/**
 * How {@link Datasets#load(String, LoadOptions)} finds and trims data. Immutable; start from
 * {@link #defaults()} and use the {@code with...} methods.
 *
 * @param dataRoot where the built-in datasets live; null = {@link DataRoot#locate()}
 * @param autoSetup run scripts/setup-data.sh when a built-in dataset is missing
 * @param trainLimit keep a random subset of this many training samples (0 = all)
 * @param testLimit keep a random subset of this many test samples (0 = all)
 * @param seed seed of the subsets and of the test split of user data without a test file
 * @param testFraction share of user data held out as test set when no test file is given
 * @param csvLabelColumn label column of user CSVs (negative counts from the end)
 * @param csvHeader whether user CSVs have a header line
 */
public record LoadOptions(DataRoot dataRoot, boolean autoSetup, int trainLimit, int testLimit, long seed,
                          double testFraction, int csvLabelColumn, Header csvHeader) {

  public LoadOptions {
    if (trainLimit < 0 || testLimit < 0) {
      throw new IllegalArgumentException("limits must be >= 0 (0 = all)");
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
    }
    Objects.requireNonNull(csvHeader, "csvHeader");
  }

  public static LoadOptions defaults() {
    return new LoadOptions(null, true, 0, 0, 0L, 0.2, -1, Header.AUTO);
  }

  public DataRoot resolvedDataRoot() {
    return dataRoot != null ? dataRoot : DataRoot.locate();
  }

  public LoadOptions withDataRoot(DataRoot root) {
    return new LoadOptions(root, autoSetup, trainLimit, testLimit, seed, testFraction, csvLabelColumn, csvHeader);
  }

  public LoadOptions withAutoSetup(boolean enabled) {
    return new LoadOptions(dataRoot, enabled, trainLimit, testLimit, seed, testFraction, csvLabelColumn, csvHeader);
  }

  public LoadOptions withTrainLimit(int n) {
    return new LoadOptions(dataRoot, autoSetup, n, testLimit, seed, testFraction, csvLabelColumn, csvHeader);
  }

  public LoadOptions withTestLimit(int n) {
    return new LoadOptions(dataRoot, autoSetup, trainLimit, n, seed, testFraction, csvLabelColumn, csvHeader);
  }

  public LoadOptions withSeed(long newSeed) {
    return new LoadOptions(dataRoot, autoSetup, trainLimit, testLimit, newSeed, testFraction, csvLabelColumn,
        csvHeader);
  }

  public LoadOptions withTestFraction(double fraction) {
    return new LoadOptions(dataRoot, autoSetup, trainLimit, testLimit, seed, fraction, csvLabelColumn, csvHeader);
  }

  public LoadOptions withCsvLabelColumn(int column) {
    return new LoadOptions(dataRoot, autoSetup, trainLimit, testLimit, seed, testFraction, column, csvHeader);
  }
}
