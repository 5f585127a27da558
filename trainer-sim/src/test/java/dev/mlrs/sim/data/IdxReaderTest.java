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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

  @TempDir
  Path dir;

  private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255}; // 3 images of 2x2

  @ParameterizedTest(name = "gzip={0}")
  @ValueSource(booleans = {false, true})
  void readsImagesAndLabels(boolean gzip) throws IOException {
    Path images = IdxFiles.writeImages(dir.resolve("img"), 3, 2, 2, PIXELS, gzip);
    Path labels = IdxFiles.writeLabels(dir.resolve("lbl"), new byte[] {7, 0, (byte) 200}, gzip);

    IdxReader.IdxImages read = IdxReader.readImages(images);
    assertEquals(3, read.count());
    assertEquals(2, read.rows());
    assertEquals(2, read.cols());
    assertArrayEquals(PIXELS, read.pixels());
    float[] unit = read.toUnitFloats();
    assertEquals(1f / 255f, unit[1], 1e-7);
    assertEquals(1f, unit[11], 1e-7); // 0xFF is 255, not -1
    assertArrayEquals(new int[] {7, 0, 200}, IdxReader.readLabels(labels));
  }

  @Test
  void badMagicNamesTheFile() throws IOException {
    Path bad = dir.resolve("not-idx.bin");
    Files.write(bad, "hello world, no idx here".getBytes());
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(bad));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
  }

  @Test
  void labelsFileGivenAsImagesIsExplained() throws IOException {
    Path labels = IdxFiles.writeLabels(dir.resolve("labels.gz"), new byte[] {1, 2}, true);
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(labels));
    assertTrue(e.getMessage().contains("labels file?"), e.getMessage());
  }

  @Test
  void truncatedFileIsReported() throws IOException {
    Path images = IdxFiles.writeImages(dir.resolve("short"), 4, 2, 2, PIXELS, false); // 16 promised, 12 given
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(images));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
  }

  @Test
  void trailingDataIsReported() throws IOException {
    Path images = IdxFiles.writeImages(dir.resolve("long"), 2, 2, 2, PIXELS, true); // 8 promised, 12 given
    DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(images));
    assertTrue(e.getMessage().contains("more data"), e.getMessage());
  }

  @Test
  void nonUnsignedByteTypeIsRejected() throws IOException {
    Path floats = IdxFiles.write(dir.resolve("floats"), 0x00000D01, new int[] {1}, new byte[4], false);
    DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(floats));
    assertTrue(e.getMessage().contains("0x0D"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.gz");
    DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(missing));
    assertTrue(e.getMessage().contains("not found") && e.getMessage().contains(missing.toString()), e.getMessage());
  }
}
