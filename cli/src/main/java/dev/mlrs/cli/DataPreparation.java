package dev.mlrs.cli;

import dev.mlrs.sim.data.DataRoot;
import dev.mlrs.sim.data.Datasets;
import dev.mlrs.sim.data.KnownDataset;
import java.io.PrintStream;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Sets up every built-in dataset a command's jobs need, once and before any job starts, with the setup
 * script's output shown. Without it the demo's three jobs each found the data missing at the same moment.
 */
final class DataPreparation {
  private DataPreparation() {
  }

  /**
   * @param datasets dataset specs of the jobs (duplicates and user files are fine: only built-in names are set up)
   * @throws dev.mlrs.sim.data.DataException when a dataset cannot be set up, with the command to run by hand
   */
  static void prepare(Collection<String> datasets, DataRoot root, PrintStream out) {
    Set<KnownDataset> needed = new LinkedHashSet<>();
    for (String spec : datasets) {
      Optional<KnownDataset> known = Datasets.check(spec);
      known.ifPresent(needed::add);
    }
    DataRoot shown = root.withProgress(out);
    for (KnownDataset dataset : needed) {
      if (shown.isPresent(dataset)) {
        continue;
      }
      long started = System.nanoTime();
      out.println("Setting up dataset '" + dataset.id() + "' in " + shown.folder(dataset)
          + " (once, before any job starts) ...");
      shown.ensure(dataset);
      out.printf("Dataset '%s' ready in %.1f s%n", dataset.id(), (System.nanoTime() - started) / 1e9);
    }
  }

  static void prepare(Collection<String> datasets, PrintStream out) {
    prepare(datasets, DataRoot.locate(), out);
  }
}
