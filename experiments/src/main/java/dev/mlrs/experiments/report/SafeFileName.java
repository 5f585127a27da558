package dev.mlrs.experiments.report;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * A file-name part made from any task or experiment name. Names that are already safe are kept as they are;
 * any other gets its unsafe characters replaced and a short hash of the original appended, so that "a/b" and
 * "a_b" do not end up in the same file.
 */
public final class SafeFileName {
  private static final int MAX_LENGTH = 80;

  private SafeFileName() {
  }

  /** The name as a safe file-name part. */
  public static String of(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.startsWith(".")) {
      safe = "_" + safe.substring(1); // no hidden files, no "." or ".."
    }
    if (safe.length() > MAX_LENGTH) {
      safe = safe.substring(0, MAX_LENGTH);
    }
    if (safe.equals(name) && !safe.isEmpty()) {
      return safe;
    }
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    return (safe.isEmpty() ? "unnamed" : safe) + "-" + String.format("%08x", crc.getValue());
  }
}
