package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.sim.data.DataRoot;
import dev.mlrs.sim.data.KnownDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's first runs, through the command line itself: {@code mlrs demo} on an empty data folder (its three
 * concurrent jobs need the dataset set up once, before they start), a second demo on the data the first one
 * kept, and {@code mlrs learners list} on that kept data. The setup script is a stand-in that copies sklearn's
 * digits from the project's data folder and fails if two copies of it run at once, as the real one did.
 */
class FirstRunTest {
  private static final Pattern PAPER_VERSION = Pattern.compile("\\| mlrsnet-paper\\s+\\|\\s+(\\d+) \\|");
  private final Map<String, String> savedProperties = new HashMap<>();

  @AfterEach
  void restoreProperties() {
    savedProperties.forEach((key, value) -> {
      if (value == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, value);
      }
    });
  }

  private void setProperty(String key, String value) {
    savedProperties.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  @Test
  void demoOnAnEmptyDataFolderThenAgainOnTheKeptDataThenListTheLearnersItTrained(@TempDir Path dir)
      throws Exception {
    DataRoot projectData = DataRoot.locate();
    Path digits = projectData.file(KnownDataset.DIGITS, KnownDataset.DIGITS.files().get(0));
    projectData.ensure(KnownDataset.DIGITS);
    Path data = dir.resolve("data");
    Path setupRuns = dir.resolve("setup-runs.txt");
    Path script = Files.writeString(dir.resolve("fake-setup.sh"), """
        #!/usr/bin/env bash
        set -euo pipefail
        mkdir "$MLRS_DATA/.running"     # fails when a second copy runs at the same time
        echo "fake setup of $1" | tee -a "%s"
        sleep 1
        mkdir -p "$MLRS_DATA/sklearn"
        cp "%s" "$MLRS_DATA/sklearn/"
        rmdir "$MLRS_DATA/.running"
        """.formatted(setupRuns, digits));
    Path embedded = dir.resolve("embedded");
    setProperty(DataRoot.PROPERTY, data.toString());
    setProperty(DataRoot.SETUP_PROPERTY, script.toString());
    setProperty("mlrs.embedded.dir", embedded.toString());
    String[] demo = {"demo", "--dataset", "digits", "--steps", "60", "--batch-size", "32", "--validate-every", "10",
        "--progress-every", "20"};

    CliCapture first = CliCapture.run(demo);

    assertEquals(0, first.status(), first.toString());
    assertEquals(1, Files.readAllLines(setupRuns).size(), "the dataset was set up once for the three jobs");
    assertEquals(1, count(first.out(), "Setting up dataset 'digits'"), first.toString());
    assertTrue(first.out().indexOf("Dataset 'digits' ready") < first.out().indexOf("Training 3 job(s)"),
        "set up before the jobs start:\n" + first);
    for (String job : new String[] {"-learn-1 ", "-frozen-1 ", "-frozen-2 "}) {
      assertEquals(1, count(first.out(), job), job + " in the result table:\n" + first);
    }
    assertTrue(first.out().contains("log: " + embedded.resolve("broker").resolve("broker.log")), first.toString());
    assertTrue(first.out().contains("state in " + embedded.resolve("agent-state")), first.toString());
    assertTrue(Files.exists(embedded.resolve("broker/kafka-logs/meta.properties")), "the broker data is kept");

    CliCapture second = CliCapture.run(demo);

    assertEquals(0, second.status(), second.toString());
    assertTrue(second.out().contains("continuing the data kept in " + embedded), second.toString());
    assertEquals(1, Files.readAllLines(setupRuns).size(), "the data folder is set up now");

    CliCapture list = CliCapture.run("learners", "list");

    assertEquals(0, list.status(), list.toString());
    Matcher version = PAPER_VERSION.matcher(list.out());
    assertTrue(version.find(), list.toString());
    assertTrue(Integer.parseInt(version.group(1)) > 1,
        "the LEARN jobs of both demos improved 'mlrsnet-paper' and the kept data remembers it:\n" + list);
    assertTrue(list.out().contains("| reference-3stage "), list.toString());
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
