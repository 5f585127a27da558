package dev.mlrs.sim.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootTest {

  @TempDir
  Path repo;

  @Test
  void locatePrefersPropertyThenEnvThenLocalThenRepoData() throws IOException {
    Path script = fakeScript("exit 0");
    Path module = Files.createDirectories(repo.resolve("trainer-sim"));

    assertEquals(Path.of("/p").toAbsolutePath(), DataRoot.locate("/p", "/e", module).dir());
    assertEquals(Path.of("/e").toAbsolutePath(), DataRoot.locate(null, "/e", module).dir());
    DataRoot fromRepo = DataRoot.locate(null, null, module);
    assertEquals(repo.resolve("data"), fromRepo.dir());
    assertEquals(script, fromRepo.setupScript().orElseThrow());

    Files.createDirectories(module.resolve("data"));
    assertEquals(module.resolve("data"), DataRoot.locate("", null, module).dir());
  }

  @Test
  void ensureRunsTheSetupScriptWithTheDataFolder() throws IOException {
    // Stands in for scripts/setup-data.sh: writes the digits file where MLRS_DATA says.
    Path script = fakeScript("""
        echo "fake setup for $1"
        mkdir -p "$MLRS_DATA/sklearn"
        echo 1 > "$MLRS_DATA/sklearn/digits.csv.gz"
        """);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    DataRoot root = new DataRoot(repo.resolve("elsewhere"), script, new PrintStream(progress, true));

    assertTrue(!root.isPresent(KnownDataset.DIGITS));
    Path folder = root.ensure("digits");
    assertEquals(repo.resolve("elsewhere/sklearn"), folder);
    assertTrue(root.isPresent(KnownDataset.DIGITS));
    String printed = progress.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("fake setup for digits"), printed);
  }

  @Test
  void failedSetupTellsTheCommandToRun() throws IOException {
    Path script = fakeScript("echo cannot reach the mirror; exit 3");
    DataRoot root = new DataRoot(repo.resolve("data"), script, new PrintStream(new ByteArrayOutputStream()));
    DataException e = assertThrows(DataException.class, () -> root.ensure("fashion-mnist"));
    assertTrue(e.getMessage().contains("status 3"), e.getMessage());
    assertTrue(e.getMessage().contains(script + " fashion-mnist"), e.getMessage());
  }

  @Test
  void noScriptTellsWhatToRun() {
    DataRoot root = new DataRoot(repo.resolve("data"), null);
    DataException e = assertThrows(DataException.class, () -> root.ensure(KnownDataset.MNIST));
    assertTrue(e.getMessage().contains("scripts/setup-data.sh mnist"), e.getMessage());
  }

  @Test
  void concurrentJobsRunTheSetupOnceAndAllFindTheData() throws Exception {
    // Fails when two copies run at once (mkdir of the marker), as the real script did when the demo's
    // three jobs started it side by side; counts its runs.
    Path script = fakeScript("""
        mkdir "$MLRS_DATA/.running"
        echo run >> "$MLRS_DATA/runs.txt"
        sleep 0.3
        mkdir -p "$MLRS_DATA/sklearn"
        echo 1 > "$MLRS_DATA/sklearn/digits.csv.gz"
        rmdir "$MLRS_DATA/.running"
        """);
    DataRoot root = new DataRoot(repo.resolve("fresh"), script, new PrintStream(new ByteArrayOutputStream()));
    ExecutorService jobs = Executors.newFixedThreadPool(3);
    try {
      List<Future<Path>> folders = new ArrayList<>();
      for (int job = 0; job < 3; job++) {
        folders.add(jobs.submit(() -> root.ensure("digits")));
      }
      for (Future<Path> folder : folders) {
        assertEquals(repo.resolve("fresh/sklearn"), folder.get(30, TimeUnit.SECONDS));
      }
    } finally {
      jobs.shutdownNow();
    }
    assertEquals(1, Files.readAllLines(repo.resolve("fresh/runs.txt")).size());
  }

  @Test
  void theSetupPropertyNamesAnotherScript() throws IOException {
    Path other = Files.writeString(repo.resolve("site-setup.sh"), "exit 0\n");
    String before = System.getProperty(DataRoot.SETUP_PROPERTY);
    System.setProperty(DataRoot.SETUP_PROPERTY, other.toString());
    try {
      assertEquals(other, DataRoot.locate().setupScript().orElseThrow());
    } finally {
      if (before == null) {
        System.clearProperty(DataRoot.SETUP_PROPERTY);
      } else {
        System.setProperty(DataRoot.SETUP_PROPERTY, before);
      }
    }
  }

  private Path fakeScript(String body) throws IOException {
    Path script = repo.resolve(DataRoot.SCRIPT);
    Files.createDirectories(script.getParent());
    return Files.writeString(script, "#!/usr/bin/env bash\nset -euo pipefail\n" + body + "\n");
  }
}
