package dev.mlrs.sim.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * Loads the real datasets when scripts/setup-data.sh has installed them; skipped otherwise (the tests never
 * download anything).
 */
class BuiltInDatasetsTest {

  private final DataRoot root = DataRoot.locate();
  private final LoadOptions noDownload = LoadOptions.defaults().withDataRoot(root).withAutoSetup(false);

  @Test
  void fashionMnist() {
    TrainTest tt = loadIfPresent(KnownDataset.FASHION_MNIST);
    checkMnistLike(tt);
  }

  @Test
  void mnist() {
    TrainTest tt = loadIfPresent(KnownDataset.MNIST);
    checkMnistLike(tt);
  }

  @Test
  void digits() {
    TrainTest tt = loadIfPresent(KnownDataset.DIGITS);
    assertEquals(1437, tt.train().size());
    assertEquals(360, tt.test().size());
    assertEquals(10, tt.train().numClasses());
    assertEquals(InputShape.grayscale(8, 8), tt.train().shape());
    assertInUnitRange(tt.train());
    // The split is fixed: loading again gives the same test labels.
    assertEquals(java.util.Arrays.toString(tt.test().labels()),
        java.util.Arrays.toString(Datasets.load("digits", noDownload).test().labels()));
  }

  private TrainTest loadIfPresent(KnownDataset dataset) {
    assumeTrue(root.isPresent(dataset), () -> dataset.id() + " is not installed in " + root.dir()
        + "; run scripts/setup-data.sh " + dataset.id() + " to include this test");
    return Datasets.load(dataset.id(), noDownload);
  }

  private static void checkMnistLike(TrainTest tt) {
    assertEquals(60_000, tt.train().size());
    assertEquals(10_000, tt.test().size());
    assertEquals(10, tt.train().numClasses());
    assertEquals(InputShape.grayscale(28, 28), tt.train().shape());
    for (int count : tt.train().classCounts()) {
      assertTrue(count > 5_000, "every class has over 5,000 training samples, got " + count);
    }
    assertInUnitRange(tt.test());
  }

  private static void assertInUnitRange(Dataset d) {
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : d.featureArray()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertEquals(0f, min, 0f, d.name());
    assertEquals(1f, max, 0f, d.name());
  }
}
