package dev.mlrs.agent.topology;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Makes a dead letter fit on {@code rejected} whatever the input was: an input record may be as large as the
 * broker allows on its own topic, and a dead letter that repeats its key (record key and Rejected.key) and adds a
 * reason would then be too large, fail the transaction and take the agent down. Keys above {@link #MAX_KEY_BYTES},
 * values above {@link #MAX_VALUE_BYTES} and reasons above {@link #MAX_REASON_CHARS} are cut; the reason then says
 * what was cut, the original size and the SHA-256 of the original bytes, so the record can still be identified.
 * A dead letter is therefore at most about 300 KiB.
 */
final class DeadLetterFit {
  static final int MAX_KEY_BYTES = 1024;
  static final int MAX_VALUE_BYTES = 256 * 1024;
  static final int MAX_REASON_CHARS = 4096;

  /** The key, value and reason to write. */
  record Fitted(byte[] key, byte[] value, String reason) {
  }

  private DeadLetterFit() {
  }

  static Fitted fit(byte[] key, byte[] value, String reason) {
    StringBuilder notes = new StringBuilder();
    byte[] k = cut("key", key, MAX_KEY_BYTES, notes);
    byte[] v = cut("value", value, MAX_VALUE_BYTES, notes);
    return new Fitted(k, v, shorten(reason, MAX_REASON_CHARS) + notes);
  }

  /** {@code text} cut to at most {@code max} characters, saying how long it was. */
  static String shorten(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    String tail = "... (" + text.length() + " characters)";
    return text.substring(0, Math.max(0, max - tail.length())) + tail;
  }

  private static byte[] cut(String what, byte[] bytes, int max, StringBuilder notes) {
    if (bytes == null || bytes.length <= max) {
      return bytes;
    }
    notes.append("; ").append(what).append(" truncated to ").append(max).append(" of ").append(bytes.length)
        .append(" bytes, sha256 of the original ").append(sha256(bytes));
    return Arrays.copyOf(bytes, max);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
