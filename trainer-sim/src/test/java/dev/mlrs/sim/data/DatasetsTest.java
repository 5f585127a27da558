package dev.mlrs.sim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User data ("csv:", "idx:") and the error paths; the built-in datasets are in {@link BuiltInDatasetsTest}. */
class DatasetsTest {

  @TempDir
  Path dir;

  @Test
  void checkNamesBuiltInDatasetsAndRefusesMissingFilesWithoutLoading() throws IOException {
    assertEquals(KnownDataset.DIGITS, Datasets.check(" Digits ").orElseThrow());
    assertTrue(Datasets.check("csv:" + Files.writeString(dir.resolve("a.csv"), "1,0\n")).isEmpty());
    DataException unknown = assertThrows(DataException.class, () -> Datasets.check("cifar10"));
    assertTrue(unknown.getMessage().startsWith("unknown dataset 'cifar10'; use one of"), unknown.getMessage());
    DataException missing = assertThrows(DataException.class, () -> Datasets.check("idx:a,b"));
    assertTrue(missing.getMessage().startsWith("idx: file not found: "), missing.getMessage());
    assertThrows(DataException.class, () -> Datasets.check("idx:a,b,c"));
  }

  @Test
  void csvWithTestFileIsScaledWithTrainingRanges() throws IOException {
    Path train = Files.writeString(dir.resolve("train.csv"), "f1,f2,y\n0,10,0\n2,20,1\n4,30,2\n");
    Path test = Files.writeString(dir.resolve("test.csv"), "f1,f2,y\n1,40,1\n");
    TrainTest tt = Datasets.load("csv:" + train + "," + test);
    assertEquals(3, tt.train().size());
    assertEquals(3, tt.train().numClasses());
    assertEquals(InputShape.flat(2), tt.train().shape());
    assertArrayEquals(new float[] {0.5f, 0.5f}, tt.train().features(1));
    assertArrayEquals(new float[] {0.25f, 1f}, tt.test().features(0)); // 40 is beyond the training max: clamped
  }

  @Test
  void csvWithoutTestFileHoldsOutAFraction() throws IOException {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      csv.append(i % 2).append(',').append(i).append('\n');
    }
    Path file = Files.writeString(dir.resolve("all.csv"), csv);
    LoadOptions options = LoadOptions.defaults().withCsvLabelColumn(0).withTestFraction(0.2).withSeed(3);
    TrainTest tt = Datasets.load("csv:" + file, options);
    assertEquals(40, tt.train().size());
    assertEquals(10, tt.test().size());
    assertEquals(2, tt.train().numClasses());
    TrainTest limited = Datasets.load("csv:" + file, options.withTrainLimit(7).withTestLimit(4));
    assertEquals(7, limited.train().size());
    assertEquals(4, limited.test().size());
  }

  @Test
  void theCsvSpecChoosesTheLabelColumnAndTheHeader() throws IOException {
    // Label first, and a first line of numbers that is a header all the same (AUTO would take it for data).
    Path file = Files.writeString(dir.resolve("label-first.csv"), "9,1,2\n1,0,10\n0,5,20\n1,10,30\n0,0,40\n");
    TrainTest tt = Datasets.load("csv:" + file + "," + file + ";label=0;header=yes");
    assertEquals(4, tt.train().size(), "the header line is not a sample");
    assertEquals(2, tt.train().numClasses(), "labels 0/1 from column 0");
    assertArrayEquals(new float[] {0f, 0f}, tt.train().features(0));
    DataException bad = assertThrows(DataException.class, () -> Datasets.load("csv:" + file + ";label=first"));
    assertTrue(bad.getMessage().contains("label must be a column number"), bad.getMessage());
    assertThrows(DataException.class, () -> Datasets.check("csv:" + file + ";sep=tab"));
  }

  @Test
  void idxPairs() throws IOException {
    byte[] pixels = new byte[5 * 2 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 8);
    }
    Path images = IdxFiles.writeImages(dir.resolve("img.gz"), 5, 2, 3, pixels, true);
    Path labels = IdxFiles.writeLabels(dir.resolve("lbl"), new byte[] {0, 1, 2, 1, 0}, false);
    TrainTest both = Datasets.load("idx:" + images + "," + labels + "," + images + "," + labels);
    assertEquals(5, both.train().size());
    assertEquals(5, both.test().size());
    assertEquals(new InputShape(1, 2, 3), both.train().shape());
    assertEquals(3, both.train().numClasses());
    assertEquals(8f / 255f, both.train().featureArray()[1], 1e-7);

    TrainTest heldOut = Datasets.load("idx:" + images + "," + labels, LoadOptions.defaults().withTestFraction(0.4));
    assertEquals(3, heldOut.train().size());
    assertEquals(2, heldOut.test().size());

    Path fewLabels = IdxFiles.writeLabels(dir.resolve("few"), new byte[] {0, 1}, false);
    DataException e = assertThrows(DataException.class, () -> Datasets.load("idx:" + images + "," + fewLabels));
    assertTrue(e.getMessage().contains("5 images") && e.getMessage().contains("2 labels"), e.getMessage());
  }

  @Test
  void unknownNamesAndMissingDataAreExplained() {
    DataException unknown = assertThrows(DataException.class, () -> Datasets.load("cifar10"));
    assertTrue(unknown.getMessage().contains("fashion-mnist"), unknown.getMessage());

    LoadOptions noSetup = LoadOptions.defaults().withDataRoot(new DataRoot(dir, null)).withAutoSetup(false);
    DataException missing = assertThrows(DataException.class, () -> Datasets.load("mnist", noSetup));
    assertTrue(missing.getMessage().contains("setup-data.sh mnist"), missing.getMessage());
  }
}
