package dev.mlrs.agent.learner;

import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.serde.AvroTrust;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** Reads and checks a learner from a stream in the file format. */
  public static LearnerParams read(InputStream in) throws IOException {
    try {
      LearnerParams params = new SpecificDatumReader<>(LearnerParams.class)
          .read(null, DecoderFactory.get().jsonDecoder(LearnerParams.getClassSchema(), in));
      Learner.of(params);
      return params;
    } catch (org.apache.avro.AvroRuntimeException | IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
