package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlrs meta-train} through the command line on the embedded broker: one generation of real DL4J jobs in
 * antithetic pairs, served and scored by the agent, then a second invocation that resumes from the learner the
 * kept broker data holds and runs the next generation.
 */
class MetaTrainCommandTest {
  private String savedEmbeddedDir;

  @AfterEach
  void restore() {
    if (savedEmbeddedDir == null) {
      System.clearProperty("mlrs.embedded.dir");
    } else {
      System.setProperty("mlrs.embedded.dir", savedEmbeddedDir);
    }
  }

  @Test
  void oneGenerationThenAResumedSecondOne(@TempDir Path dir) throws Exception {
    savedEmbeddedDir = System.getProperty("mlrs.embedded.dir");
    System.setProperty("mlrs.embedded.dir", dir.resolve("embedded").toString());
    Path out = dir.resolve("out");

    CliCapture first = CliCapture.run("meta-train", "--preset", "quick", "--generations", "1", "--out",
        out.toString());

    assertEquals(0, first.status(), first.toString());
    assertTrue(first.out().contains("created fleet-quick v1 from mlrsnet-paper"), first.toString());
    assertTrue(first.out().contains("generation   1  learner v2"), first.toString());
    LearnerParams afterOne = LearnerAdmin.readFile(out.resolve("learner.json"));
    assertEquals(MetaObjective.FLEET_ES, afterOne.getObjective());
    assertEquals(2, afterOne.getVersion());
    assertEquals(1, afterOne.getEs().getGeneration());
    assertEquals(4, afterOne.getEs().getRunsUsed(), "two pairs of the quick plan");
    assertTrue(Files.size(out.resolve("schedules/generation-001.png")) > 0);

    CliCapture second = CliCapture.run("meta-train", "--preset", "quick", "--generations", "2", "--out",
        out.toString());

    assertEquals(0, second.status(), second.toString());
    assertTrue(second.out().contains("(v2, 1 of 2 generations done)"), "resumed from the kept learner:\n" + second);
    LearnerParams afterTwo = LearnerAdmin.readFile(out.resolve("learner.json"));
    assertEquals(3, afterTwo.getVersion());
    assertEquals(8, afterTwo.getEs().getRunsUsed());
    assertEquals(3, Files.readAllLines(out.resolve("generations.csv")).size(), "header and one row a generation");
    assertEquals(1 + 8, Files.readAllLines(out.resolve("runs.csv")).size(), "header and one row a run");
  }
}
