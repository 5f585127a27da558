package dev.mlrs.agent.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.MlrsCell;
import dev.mlrs.schemas.LearnerParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnerFilesTest {

  @Test
  void exportAndImportGiveTheSameLearnerBitForBit(@TempDir Path dir) throws IOException {
    LearnerParams shipped = LearnerFactory.shipped(42L).get(1);
    Path file = dir.resolve("three-stage.json");
    LearnerFiles.write(shipped, file);
    assertEquals(shipped, LearnerFiles.read(file));
    assertTrue(Files.readString(file).contains("\"name\" : \"reference-3stage\""));
  }

  @Test
  void aBrokenFileIsRefusedWithItsName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"name\": \"x\"}");
    IOException e = assertThrows(IOException.class, () -> LearnerFiles.read(file));
    assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
  }

  @Test
  void fromScratchStartsNearTheRequestedOutputAndForkCopiesOneStage() {
    LearnerParams fresh = LearnerFactory.fromScratch("fresh", CellShape.REFERENCE, 7, 0.05, 0L);
    Learner learner = Learner.of(fresh);
    for (double loss : new double[] {2.3, 0.1, 50}) {
      double out = MlrsCell.forward(CellShape.REFERENCE, learner.weights(0), loss, new double[50], new double[50],
          new CellTrace(CellShape.REFERENCE));
      assertEquals(0.05, out, 1e-12, "W3 starts at zero, so the output is sigmoid(b3)");
    }

    LearnerParams fork = LearnerFactory.fork(LearnerFactory.shipped(0L).get(1), 2, "late", 0L);
    assertEquals(1, fork.getStages().size());
    assertEquals(1, fork.getVersion());
    assertEquals(ReleasedWeights.load().snapshot("epoch_200")[123], fork.getStages().get(0).getWeights().get(123));
    assertThrows(IllegalArgumentException.class, () -> LearnerFactory.fork(fresh, 1, "x", 0L));
    assertThrows(IllegalArgumentException.class, () -> LearnerFactory.checkName("bad name!"));
  }
}
