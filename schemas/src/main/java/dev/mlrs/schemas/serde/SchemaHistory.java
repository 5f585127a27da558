package dev.mlrs.schemas.serde;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Earlier released versions of our record schemas, so that a reader can decode records written with
 * them (docs/schemas.md: every released schema is kept under src/main/resources/avro-history/ and
 * listed in its index). A record whose fingerprint is neither current nor listed is refused.
 */
public final class SchemaHistory {

  private static final String INDEX = "/avro-history/index.txt";
  private static volatile List<Schema> all;

  private SchemaHistory() {
  }

  /** All released older schemas with the same full name as {@code current}. */
  public static List<Schema> older(Schema current) {
    long currentFingerprint = SchemaNormalization.parsingFingerprint64(current);
    List<Schema> result = new ArrayList<>();
    for (Schema schema : released()) {
      if (schema.getFullName().equals(current.getFullName())
          && SchemaNormalization.parsingFingerprint64(schema) != currentFingerprint) {
        result.add(schema);
      }
    }
    return result;
  }

  /** A store that knows the current schema and every released older one of the same record. */
  static SchemaStore storeFor(Schema current) {
    SchemaStore.Cache cache = new SchemaStore.Cache();
    cache.addSchema(current);
    older(current).forEach(cache::addSchema);
    return cache;
  }

  private static List<Schema> released() {
    List<Schema> cached = all;
    if (cached == null) {
      cached = load();
      all = cached;
    }
    return cached;
  }

  private static List<Schema> load() {
    List<Schema> result = new ArrayList<>();
    try (InputStream index = SchemaHistory.class.getResourceAsStream(INDEX)) {
      if (index == null) {
        return result;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try (InputStream in = SchemaHistory.class.getResourceAsStream("/avro-history/" + name)) {
          if (in == null) {
            throw new IllegalStateException("avro-history/index.txt lists " + name + " but the file is missing");
          }
          // A fresh parser per file: old versions reuse the current names.
          result.add(new Schema.Parser().parse(in));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(result);
  }
}
