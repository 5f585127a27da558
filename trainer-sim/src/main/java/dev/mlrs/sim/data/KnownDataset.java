package dev.mlrs.sim.data;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The datasets that scripts/setup-data.sh installs: where they live under the data folder and their files. */
public enum KnownDataset {

  FASHION_MNIST("fashion-mnist", "fashion-mnist", List.of(
      "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
      "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")),

  MNIST("mnist", "mnist", List.of(
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")),

  /** sklearn's 8x8 digits; iris, wine and breast cancer CSVs are installed beside it. */
  DIGITS("digits", "sklearn", List.of("digits.csv.gz"));

  private final String id;
  private final String folder;
  private final List<String> files;

  KnownDataset(String id, String folder, List<String> files) {
    this.id = id;
    this.folder = folder;
    this.files = files;
  }

  /** The name used on the command line and by setup-data.sh. */
  public String id() {
    return id;
  }

  /** Sub-folder of the data folder. */
  public String folder() {
    return folder;
  }

  /** File names inside {@link #folder()}; for IDX datasets: train images, train labels, test images, test labels. */
  public List<String> files() {
    return files;
  }

  public static KnownDataset fromId(String id) {
    for (KnownDataset d : values()) {
      if (d.id.equalsIgnoreCase(id)) {
        return d;
      }
    }
    throw new DataException("unknown dataset '" + id + "'; known: " + ids());
  }

  public static String ids() {
    return Arrays.stream(values()).map(KnownDataset::id).collect(Collectors.joining(", "));
  }
}
