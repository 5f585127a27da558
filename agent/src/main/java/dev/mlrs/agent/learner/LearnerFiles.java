package dev.mlrs.agent.learner;

import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.serde.AvroTrust;
import dev.mlrs.schemas.serde.SchemaHistory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Learner versions as files: Avro's JSON encoding of LearnerParams (readable, diffable, and decodable by
 * any Avro library with schemas/src/main/avro/LearnerParams.avsc).
 */
public final class LearnerFiles {

  static {
    AvroTrust.install();
  }

  private LearnerFiles() {
  }

  public static void write(LearnerParams params, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(LearnerParams.getClassSchema(), out, true);
      new SpecificDatumWriter<>(LearnerParams.class).write(params, encoder);
      encoder.flush();
    }
  }

  /** Reads and checks a learner file; the message says what is wrong with a bad one. */
  public static LearnerParams read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (IOException e) {
      throw new IOException(file + " is not a valid learner file: " + e.getMessage(), e);
    }
  }

  /**
   * Reads and checks a learner from a stream in the file format. A file written before the current schema (a
   * released version listed in avro-history, in release order) is read with that version and resolved to the
   * current one, so the fields added since get their defaults.
   */
  public static LearnerParams read(InputStream in) throws IOException {
    byte[] json = in.readAllBytes();
    Schema current = LearnerParams.getClassSchema();
    LearnerParams params;
    try {
      params = decode(json, current);
    } catch (AvroRuntimeException | IOException e) {
      // newest first: the JSON decoder skips fields a schema lacks, so an older one would read a newer file too
      List<Schema> older = new ArrayList<>(SchemaHistory.older(current));
      Collections.reverse(older);
      params = older.stream().map(schema -> decodeOrNull(json, schema))
          .filter(Objects::nonNull).findFirst().orElseThrow(() -> new IOException(e.getMessage(), e));
    }
    try {
      Learner.of(params);
      return params;
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static LearnerParams decodeOrNull(byte[] json, Schema writer) {
    try {
      return decode(json, writer);
    } catch (AvroRuntimeException | IOException notThisVersion) {
      return null;
    }
  }

  private static LearnerParams decode(byte[] json, Schema writer) throws IOException {
    Decoder decoder = DecoderFactory.get().jsonDecoder(writer, new ByteArrayInputStream(json));
    return new SpecificDatumReader<LearnerParams>(writer, LearnerParams.getClassSchema()).read(null, decoder);
  }
}
