package dev.mlrs.sim.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The folder that holds the datasets, and the project's setup step that fills it.
 *
 * <p>{@link #locate()} looks, in order, at the system property {@value #PROPERTY}, the environment variable
 * {@value #ENV}, {@code data/} in the current directory, and {@code data/} beside the {@code scripts/} folder
 * of the nearest parent directory that contains {@value #SCRIPT}. {@link #ensure(String)} runs that script
 * (with {@value #ENV} pointing at this folder) when a dataset's files are missing; the system property
 * {@value #SETUP_PROPERTY} names another setup script (a site's own mirror, or a test's stand-in).
 */
public final class DataRoot {

  public static final String PROPERTY = "mlrs.data";
  public static final String ENV = "MLRS_DATA";
  public static final String SCRIPT = "scripts/setup-data.sh";
  /** System property naming the setup script to run instead of {@value #SCRIPT}. */
  public static final String SETUP_PROPERTY = "mlrs.data.setup";

  private final Path dir;
  private final Path setupScript;
  private final PrintStream progress;

  /**
   * @param setupScript the setup script, or null when none is available (then {@link #ensure} only checks)
   */
  public DataRoot(Path dir, Path setupScript) {
    this(dir, setupScript, System.err);
  }

  DataRoot(Path dir, Path setupScript, PrintStream progress) {
    this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    this.setupScript = setupScript == null ? null : setupScript.toAbsolutePath().normalize();
    this.progress = progress;
  }

  public static DataRoot locate() {
    DataRoot found = locate(System.getProperty(PROPERTY), System.getenv(ENV), Paths.get("").toAbsolutePath());
    String setup = System.getProperty(SETUP_PROPERTY);
    return setup == null || setup.isBlank() ? found : new DataRoot(found.dir, Paths.get(setup), found.progress);
  }

  static DataRoot locate(String property, String env, Path workingDir) {
    Path scriptHome = findScriptHome(workingDir);
    Path script = scriptHome == null ? null : scriptHome.resolve(SCRIPT);
    if (property != null && !property.isBlank()) {
      return new DataRoot(Paths.get(property), script);
    }
    if (env != null && !env.isBlank()) {
      return new DataRoot(Paths.get(env), script);
    }
    Path local = workingDir.resolve("data");
    if (Files.isDirectory(local) || scriptHome == null) {
      return new DataRoot(local, script);
    }
    return new DataRoot(scriptHome.resolve("data"), script);
  }

  /** The nearest directory at or above {@code start} containing the setup script, or null. */
  static Path findScriptHome(Path start) {
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(SCRIPT))) {
        return p;
      }
    }
    return null;
  }

  public Path dir() {
    return dir;
  }

  /** The same folder and script, with the setup script's output going to {@code out}. */
  public DataRoot withProgress(PrintStream out) {
    return new DataRoot(dir, setupScript, Objects.requireNonNull(out, "out"));
  }

  public Optional<Path> setupScript() {
    return Optional.ofNullable(setupScript);
  }

  /** The dataset's folder (it may not exist yet). */
  public Path folder(KnownDataset dataset) {
    return dir.resolve(dataset.folder());
  }

  /** The path of one of the dataset's files. */
  public Path file(KnownDataset dataset, String fileName) {
    return folder(dataset).resolve(fileName);
  }

  public List<Path> missingFiles(KnownDataset dataset) {
    List<Path> missing = new ArrayList<>();
    for (String name : dataset.files()) {
      Path file = file(dataset, name);
      if (!isNonEmptyFile(file)) {
        missing.add(file);
      }
    }
    return missing;
  }

  public boolean isPresent(KnownDataset dataset) {
    return missingFiles(dataset).isEmpty();
  }

  /** {@link #ensure(KnownDataset)} by name ("fashion-mnist", "mnist", "digits"). */
  public Path ensure(String dataset) {
    return ensure(KnownDataset.fromId(dataset));
  }

  /**
   * Returns the dataset's folder, first running the setup script when files are missing.
   *
   * @throws DataException when the files are still missing, with the command the user should run
   */
  public Path ensure(KnownDataset dataset) {
    if (isPresent(dataset)) {
      return folder(dataset);
    }
    // Concurrent jobs (the demo starts three at once) must not run the setup script side by side: one runs
    // it, the others wait and then find the files. A JVM lock for threads, a file lock for other processes.
    SETUP_LOCK.lock();
    try (FileChannel ignored = lockFolder()) {
      return ensureLocked(dataset);
    } catch (IOException e) {
      throw new DataException("cannot release the lock on the data folder " + dir + ": " + e.getMessage());
    } finally {
      SETUP_LOCK.unlock();
    }
  }

  private static final ReentrantLock SETUP_LOCK = new ReentrantLock();

  /**
   * Opens {@code <dir>/.setup.lock} and locks it, waiting while another process holds it; closing the
   * returned channel releases the lock.
   */
  private FileChannel lockFolder() {
    try {
      Files.createDirectories(dir);
      FileChannel channel = FileChannel.open(dir.resolve(".setup.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      channel.lock();
      return channel;
    } catch (IOException e) {
      throw new DataException("cannot create or lock the data folder " + dir + ": " + e.getMessage());
    }
  }

  private Path ensureLocked(KnownDataset dataset) {
    List<Path> missing = missingFiles(dataset);
    if (missing.isEmpty()) {
      return folder(dataset);
    }
    if (setupScript == null || !Files.isRegularFile(setupScript)) {
      throw new DataException("dataset '" + dataset.id() + "' is missing from " + dir + " (missing " + missing
          + ") and " + SCRIPT + " was not found above the current directory. From the mlrs repository root run:\n  "
          + SCRIPT + " " + dataset.id() + "\nor point -D" + PROPERTY + " / " + ENV + " at a folder that has it.");
    }
    progress.println("[mlrs] dataset '" + dataset.id() + "' is not in " + folder(dataset) + "; fetching it with "
        + setupScript + " " + dataset.id());
    String failure = runSetup(dataset);
    List<Path> stillMissing = missingFiles(dataset);
    if (failure == null && stillMissing.isEmpty()) {
      return folder(dataset);
    }
    throw new DataException("dataset '" + dataset.id() + "' could not be set up automatically ("
        + (failure != null ? failure : "the script finished but " + stillMissing + " are still missing")
        + "). Run it yourself and read its messages:\n  " + command(dataset));
  }

  /** The shell command that installs the dataset into this folder. */
  public String command(KnownDataset dataset) {
    String script = setupScript == null ? SCRIPT : setupScript.toString();
    return ENV + "=" + dir + " bash " + script + " " + dataset.id();
  }

  /** Runs the script with the output shown to the user; returns null on success, else why it failed. */
  private String runSetup(KnownDataset dataset) {
    ProcessBuilder builder = new ProcessBuilder("bash", setupScript.toString(), dataset.id())
        .directory(setupScript.getParent().toFile())
        .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put(ENV, dir.toString());
    try {
      Process process = builder.start();
      // Forward as it arrives, so progress shows up wherever our own output goes.
      process.getInputStream().transferTo(progress);
      int exit = process.waitFor();
      return exit == 0 ? null : "setup script exited with status " + exit;
    } catch (IOException e) {
      return "could not start bash: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static boolean isNonEmptyFile(Path file) {
    try {
      return Files.isRegularFile(file) && Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
