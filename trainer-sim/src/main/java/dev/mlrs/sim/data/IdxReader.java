package dev.mlrs.sim.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads unsigned-byte IDX files (the MNIST format), gzipped or raw.
 *
 * <p>Header: two zero bytes, a type byte (0x08 = unsigned byte), the number of dimensions, then one
 * big-endian int per dimension. Images have 3 dimensions (count, rows, cols), labels 1 (count). Everything
 * is checked, including that the file ends exactly where the header says, so a truncated download or a
 * swapped images/labels argument fails with a message naming the file.
 */
public final class IdxReader {

  private static final int UNSIGNED_BYTE = 0x08;
  private static final int IMAGE_DIMENSIONS = 3;
  private static final int LABEL_DIMENSIONS = 1;

  private IdxReader() {
  }

  /** Images of one IDX file: {@code count} images of {@code rows x cols} unsigned bytes, row-major. */
  public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    /** Pixels scaled to [0, 1] (divided by 255), flat. */
    public float[] toUnitFloats() {
      float[] out = new float[pixels.length];
      for (int i = 0; i < pixels.length; i++) {
        out[i] = (pixels[i] & 0xff) / 255f;
      }
      return out;
    }
  }

  public static IdxImages readImages(Path file) {
    try (DataInputStream in = new DataInputStream(CompressedFiles.open(file))) {
      int[] dims = readHeader(in, file, IMAGE_DIMENSIONS, "images");
      long total = (long) dims[0] * dims[1] * dims[2];
      if (total > Integer.MAX_VALUE - 8) {
        throw new DataException(file + ": " + dims[0] + " images of " + dims[1] + "x" + dims[2]
            + " are too many to hold in one array");
      }
      byte[] pixels = readBody(in, file, (int) total);
      return new IdxImages(dims[0], dims[1], dims[2], pixels);
    } catch (NoSuchFileException e) {
      throw new DataException("IDX file not found: " + file, e);
    } catch (IOException e) {
      throw new DataException("could not read IDX file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Labels as ints 0..255. */
  public static int[] readLabels(Path file) {
    try (DataInputStream in = new DataInputStream(CompressedFiles.open(file))) {
      int[] dims = readHeader(in, file, LABEL_DIMENSIONS, "labels");
      byte[] raw = readBody(in, file, dims[0]);
      int[] labels = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    } catch (NoSuchFileException e) {
      throw new DataException("IDX file not found: " + file, e);
    } catch (IOException e) {
      throw new DataException("could not read IDX file " + file + ": " + e.getMessage(), e);
    }
  }

  private static int[] readHeader(DataInputStream in, Path file, int expectedDims, String kind) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new DataException(file + ": not an IDX file (shorter than its 4-byte magic number)");
    }
    int expectedMagic = (UNSIGNED_BYTE << 8) | expectedDims;
    if (magic != expectedMagic) {
      throw new DataException(String.format(
          "%s: bad IDX magic number 0x%08X for %s; expected 0x%08X (unsigned bytes, %d dimension%s)%s",
          file, magic, kind, expectedMagic, expectedDims, expectedDims == 1 ? "" : "s", describeMagic(magic)));
    }
    int[] dims = new int[expectedDims];
    for (int d = 0; d < expectedDims; d++) {
      try {
        dims[d] = in.readInt();
      } catch (EOFException e) {
        throw new DataException(file + ": IDX header ends before dimension " + (d + 1) + " of " + expectedDims);
      }
      boolean countMayBeZero = d == 0;
      if (dims[d] < 0 || (dims[d] == 0 && !countMayBeZero)) {
        throw new DataException(file + ": IDX dimension " + (d + 1) + " has invalid size " + dims[d]);
      }
    }
    return dims;
  }

  private static byte[] readBody(InputStream in, Path file, int length) throws IOException {
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new DataException(file + ": IDX file is truncated: header promises " + length
          + " data bytes, file has " + body.length);
    }
    if (in.read() != -1) {
      throw new DataException(file + ": IDX file has more data than its header promises (" + length
          + " bytes); is it the right file?");
    }
    return body;
  }

  /** A hint for the common mistakes: labels passed as images (or the reverse) and non-IDX files. */
  private static String describeMagic(int magic) {
    if ((magic >>> 16) != 0) {
      return "; the file does not start with two zero bytes, so it is not an IDX file";
    }
    int type = (magic >>> 8) & 0xff;
    int dims = magic & 0xff;
    if (type != UNSIGNED_BYTE) {
      return String.format("; found data type 0x%02X, only unsigned bytes (0x08) are supported", type);
    }
    return "; found " + dims + " dimension" + (dims == 1 ? "" : "s")
        + (dims == 1 ? " (a labels file?)" : dims == 3 ? " (an images file?)" : "");
  }
}
