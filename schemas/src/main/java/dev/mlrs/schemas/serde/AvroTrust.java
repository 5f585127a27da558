package dev.mlrs.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate generated classes outside its trusted set (docs/build-notes.md); this
 * trusts ours. Called by every class of ours that makes Avro readers.
 */
public final class AvroTrust {
  private static volatile boolean installed;

  private AvroTrust() {
  }

  public static synchronized void install() {
    if (installed) {
      return;
    }
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
        ClassSecurityValidator.getGlobal(),
        type -> type.getName().startsWith("dev.mlrs.")));
    installed = true;
  }
}
