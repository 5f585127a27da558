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

  @Test
  void aFileWrittenBeforeLrScaleExistedStillLoads(@TempDir Path dir) throws IOException {
    LearnerParams aware = LearnerFactory.scheduleAware(LearnerFactory.paper(0L), "aware", 6, null, 0L);
    Path file = dir.resolve("aware.json");
    LearnerFiles.write(LearnerParams.newBuilder(aware).setLrScale(0.7).build(), file);
    assertEquals(0.7, LearnerFiles.read(file).getLrScale());
    // the released version 2 of the schema had no lrScale: such a file reads with the default, null
    String withoutScale = Files.readString(file).replaceAll(",\\s*\"lrScale\"\\s*:\\s*\\{[^}]*\\}", "");
    assertTrue(!withoutScale.contains("lrScale"), withoutScale.substring(withoutScale.length() - 200));
    Files.writeString(file, withoutScale);
    LearnerParams old = LearnerFiles.read(file);
    assertEquals(null, old.getLrScale());
    assertEquals(aware.getStages(), old.getStages());
    assertEquals(6, old.getProgressKnots());
  }

  @Test
  void aFixedScaleKeepsTheAnnealedLrsOfTheGammaTheLearnerWasTrainedWith() {
    LearnerParams trained = LearnerFactory.fleetTrained(0L);
    Learner before = Learner.of(trained);
    Learner after = Learner.of(LearnerFactory.withLrScale(trained, "scaled", 1.0, 0.668, 0L));
    assertEquals(1.0, after.lrScale());
    CellShape shape = before.shape();
    CellTrace t = new CellTrace(shape);
    double[] h0 = new double[shape.hidden()];
    double[] c0 = new double[shape.hidden()];
    for (double progress : new double[] {0.0, 0.5, 0.7, 1.0}) {
      double old = 0.668 * MlrsCell.forward(shape, before.weights(0), 1.0, progress, h0, c0, t);
      double now = 1.0 * MlrsCell.forward(shape, after.weights(0), 1.0, progress, h0, c0, t);
      // exp(z + ln r) = r exp(z): equal where sigmoid is small, and never off by more than the ratio 1/0.668
      assertTrue(now >= old && now <= old / 0.668, progress + ": " + old + " -> " + now);
      if (old < 0.05) {
        assertEquals(old, now, 0.05 * old, "annealed LR at progress " + progress);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> LearnerFactory.withLrScale(trained, "x", 0, 0.668, 0L));
  }
}
