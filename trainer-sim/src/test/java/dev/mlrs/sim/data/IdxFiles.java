package dev.mlrs.sim.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes tiny IDX files for tests. */
final class IdxFiles {

  private IdxFiles() {
  }

  static Path writeImages(Path file, int count, int rows, int cols, byte[] pixels, boolean gzip) throws IOException {
    return write(file, 0x00000803, new int[] {count, rows, cols}, pixels, gzip);
  }

  static Path writeLabels(Path file, byte[] labels, boolean gzip) throws IOException {
    return write(file, 0x00000801, new int[] {labels.length}, labels, gzip);
  }

  static Path write(Path file, int magic, int[] dims, byte[] body, boolean gzip) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(magic);
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(body);
    }
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(bytes.toByteArray());
    }
    return file;
  }
}
