package dev.mlrs.sim.data;

import dev.mlrs.sim.data.CsvDataReader.CsvTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Loads a dataset by name into a train/test pair:
 * <ul>
 *   <li>{@code fashion-mnist}, {@code mnist}: 60,000 / 10,000 28x28 grayscale images, the splits as shipped;</li>
 *   <li>{@code digits}: sklearn's 1,797 8x8 digits (values 0..16, scaled by 1/16), a fixed seeded
 *       1,437 / 360 split;</li>
 *   <li>{@code csv:<file>[,<testFile>][;label=N][;header=yes|no|auto]}: a numeric CSV (see {@link CsvDataReader}
 *       and {@link CsvSpec}), min-max scaled with the training file's ranges; without a test file a seeded
 *       {@link LoadOptions#testFraction()} is held out;</li>
 *   <li>{@code idx:<images>,<labels>[,<testImages>,<testLabels>]}: ubyte IDX files, like MNIST.</li>
 * </ul>
 * Built-in datasets are fetched by scripts/setup-data.sh when missing (see {@link DataRoot#ensure}). Paths
 * in specs cannot contain commas.
 */
public final class Datasets {

  public static final List<String> BUILT_IN = List.of("fashion-mnist", "mnist", "digits");

  /** The digits test split is fixed for all runs, so results of different seeds stay comparable. */
  static final long DIGITS_SPLIT_SEED = 1797L;
  public static final int DIGITS_TEST_SIZE = 360;
  private static final int DIGITS_SIDE = 8;
  private static final float DIGITS_MAX = 16f;

  private Datasets() {
  }

  public static TrainTest load(String spec) {
    return load(spec, LoadOptions.defaults());
  }

  /** Loads {@code spec}, then applies the options' train/test limits. */
  public static TrainTest load(String spec, LoadOptions options) {
    TrainTest full = loadComplete(spec.trim(), options);
    return new TrainTest(Split.limit(full.train(), options.trainLimit(), options.seed()),
        Split.limit(full.test(), options.testLimit(), options.seed()));
  }

  /**
   * Checks a dataset spec without loading anything (so that a command can refuse it before it starts a
   * broker): a built-in name, or {@code csv:}/{@code idx:} paths of files that exist.
   *
   * @return the built-in dataset the spec names, empty for user files
   * @throws DataException naming what is wrong
   */
  public static Optional<KnownDataset> check(String spec) {
    String trimmed = spec == null ? "" : spec.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    boolean csv = lower.startsWith("csv:");
    if (csv || lower.startsWith("idx:")) {
      String kind = csv ? "csv" : "idx";
      String argument = trimmed.substring(4);
      String[] paths = csv ? CsvSpec.parse(argument).paths() : splitPaths(argument, kind, 2, 4);
      if (!csv && paths.length == 3) {
        throw new DataException("idx: needs <images>,<labels> or <images>,<labels>,<testImages>,<testLabels>,"
            + " got 3 paths");
      }
      for (String path : paths) {
        if (!Files.isRegularFile(userFile(path))) {
          throw new DataException(kind + ": file not found: " + Paths.get(path).toAbsolutePath());
        }
      }
      return Optional.empty();
    }
    try {
      return Optional.of(KnownDataset.fromId(trimmed));
    } catch (DataException e) {
      throw unknown(trimmed);
    }
  }

  /**
   * A user's data file: a relative path is taken from the working directory, or else from the project root
   * (the folder with scripts/setup-data.sh), so that a plan naming {@code data/sklearn/x.csv} works from a
   * module folder (tests) as well as from the root.
   */
  static Path userFile(String path) {
    Path given = Paths.get(path);
    if (given.isAbsolute() || Files.exists(given)) {
      return given;
    }
    Path home = DataRoot.findScriptHome(Paths.get("").toAbsolutePath());
    return home != null && Files.exists(home.resolve(path)) ? home.resolve(path) : given;
  }

  private static DataException unknown(String spec) {
    return new DataException("unknown dataset '" + spec + "'; use one of " + BUILT_IN
        + ", csv:<file>[,<testFile>][;label=N][;header=yes|no] or idx:<images>,<labels>[,<testImages>,<testLabels>]");
  }

  private static TrainTest loadComplete(String spec, LoadOptions options) {
    String lower = spec.toLowerCase(Locale.ROOT);
    if (lower.startsWith("csv:")) {
      return loadCsv(spec.substring(4), options);
    }
    if (lower.startsWith("idx:")) {
      return loadIdx(spec.substring(4), options);
    }
    KnownDataset known;
    try {
      known = KnownDataset.fromId(spec);
    } catch (DataException e) {
      throw unknown(spec);
    }
    DataRoot root = options.resolvedDataRoot();
    if (options.autoSetup()) {
      root.ensure(known);
    } else if (!root.isPresent(known)) {
      throw new DataException("dataset '" + known.id() + "' is missing from " + root.dir() + " (missing "
          + root.missingFiles(known) + "); install it with:\n  " + root.command(known));
    }
    return switch (known) {
      case FASHION_MNIST, MNIST -> loadBuiltInIdx(known, root);
      case DIGITS -> loadDigits(root.file(known, known.files().get(0)));
    };
  }

  private static TrainTest loadBuiltInIdx(KnownDataset known, DataRoot root) {
    List<String> f = known.files();
    LabelledArrays train = IdxPairLoader.load(root.file(known, f.get(0)), root.file(known, f.get(1)));
    LabelledArrays test = IdxPairLoader.load(root.file(known, f.get(2)), root.file(known, f.get(3)));
    return assemble(known.id(), train, test);
  }

  private static TrainTest loadDigits(Path file) {
    CsvTable table = CsvDataReader.defaults().withHeader(CsvDataReader.Header.ABSENT).read(file);
    int expected = DIGITS_SIDE * DIGITS_SIDE;
    if (table.featureColumns() != expected) {
      throw new DataException(file + ": digits rows need " + expected + " pixel columns, found "
          + table.featureColumns());
    }
    float[] features = CsvScaling.divideBy(table.features(), DIGITS_MAX, file.toString());
    Dataset all = new LabelledArrays(features, table.labels(), InputShape.grayscale(DIGITS_SIDE, DIGITS_SIDE))
        .toDataset("digits", 10);
    return Split.randomSplit(all, DIGITS_TEST_SIZE, DIGITS_SPLIT_SEED);
  }

  private static TrainTest loadCsv(String argument, LoadOptions options) {
    CsvSpec spec = CsvSpec.parse(argument);
    String[] paths = spec.paths();
    CsvDataReader reader = CsvDataReader.defaults()
        .withLabelColumn(spec.labelColumn() != null ? spec.labelColumn() : options.csvLabelColumn())
        .withHeader(spec.header() != null ? spec.header() : options.csvHeader());
    CsvTable train = reader.read(userFile(paths[0]));
    String name = userFile(paths[0]).getFileName().toString();
    float[][] ranges = CsvScaling.columnRanges(train.features());
    LabelledArrays trainArrays = new LabelledArrays(CsvScaling.minMax(train.features(), ranges), train.labels(),
        InputShape.flat(train.featureColumns()));
    if (paths.length == 2) {
      CsvTable test = reader.read(userFile(paths[1]));
      if (test.featureColumns() != train.featureColumns()) {
        throw new DataException(paths[1] + " has " + test.featureColumns() + " feature columns, " + paths[0]
            + " has " + train.featureColumns());
      }
      LabelledArrays testArrays = new LabelledArrays(CsvScaling.minMax(test.features(), ranges), test.labels(),
          trainArrays.shape());
      return assemble(name, trainArrays, testArrays);
    }
    return holdOutTest(name, trainArrays, options);
  }

  private static TrainTest loadIdx(String argument, LoadOptions options) {
    String[] paths = splitPaths(argument, "idx", 2, 4);
    if (paths.length == 3) {
      throw new DataException("idx: needs <images>,<labels> or <images>,<labels>,<testImages>,<testLabels>,"
          + " got 3 paths");
    }
    LabelledArrays train = IdxPairLoader.load(userFile(paths[0]), userFile(paths[1]));
    String name = userFile(paths[0]).getFileName().toString();
    if (paths.length == 4) {
      LabelledArrays test = IdxPairLoader.load(userFile(paths[2]), userFile(paths[3]));
      if (!test.shape().equals(train.shape())) {
        throw new DataException(paths[2] + " has images of " + test.shape() + ", " + paths[0] + " of " + train.shape());
      }
      return assemble(name, train, test);
    }
    return holdOutTest(name, train, options);
  }

  private static TrainTest holdOutTest(String name, LabelledArrays arrays, LoadOptions options) {
    Dataset all = arrays.toDataset(name, classCount(name, arrays.maxLabel()));
    int testSize = (int) Math.round(all.size() * options.testFraction());
    if (testSize < 1 || testSize >= all.size()) {
      throw new DataException(name + ": " + all.size() + " samples are too few to hold out a test fraction of "
          + options.testFraction());
    }
    return Split.randomSplit(all, testSize, options.seed());
  }

  private static TrainTest assemble(String name, LabelledArrays train, LabelledArrays test) {
    int classes = classCount(name, Math.max(train.maxLabel(), test.maxLabel()));
    return new TrainTest(train.toDataset(name + "/train", classes), test.toDataset(name + "/test", classes));
  }

  /** Classes are 0..max label; a dataset needs at least two. */
  private static int classCount(String name, int maxLabel) {
    if (maxLabel < 1) {
      throw new DataException(name + ": labels must cover at least two classes (0 and 1), max label is " + maxLabel);
    }
    return maxLabel + 1;
  }

  static String[] splitPaths(String argument, String kind, int min, int max) {
    String[] parts = argument.split(",", -1);
    if (parts.length < min || parts.length > max || argument.isBlank()) {
      throw new DataException(kind + ": expects " + min + (min == max ? "" : " to " + max)
          + " comma-separated paths, got '" + argument + "'");
    }
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].trim();
      if (parts[i].isEmpty()) {
        throw new DataException(kind + ": path " + (i + 1) + " is empty in '" + argument + "'");
      }
    }
    return parts;
  }
}
