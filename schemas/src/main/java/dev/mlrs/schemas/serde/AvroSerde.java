package dev.mlrs.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one generated Avro record type, in Avro's single-object encoding:
 * two marker bytes C3 01, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer's schema
 * (its Parsing Canonical Form), then the Avro binary body. Any Avro library can write it from the
 * .avsc files alone; readers resolve older writer schemas through {@link SchemaHistory}.
 * Thread-safe: Avro's message encoder and decoder keep per-thread buffers.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  static {
    AvroTrust.install();
  }

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type) {
    this.type = type;
    Schema schema = SpecificData.get().getSchema(type);
    SpecificData model = new SpecificData(type.getClassLoader());
    // The generated classes' own encode/decode (no reflection over fields, no boxing of float arrays' elements
    // through GenericData): the job state is read and written on every step.
    model.setCustomCoders(true);
    // shouldCopy=false: encode() returns a view of Avro's per-thread buffer and makes the one copy itself
    this.encoder = new BinaryMessageEncoder<>(model, schema, false);
    this.decoder = new BinaryMessageDecoder<>(model, schema, SchemaHistory.storeFor(schema));
    SchemaHistory.older(schema).forEach(decoder::addSchema);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  public Class<T> type() {
    return type;
  }

  /** Encodes to a fresh byte array. */
  public byte[] encode(T record) {
    try {
      // The buffer wraps the thread-local scratch array that the next encode on this thread overwrites,
      // so copy it out before returning; this is the only copy.
      ByteBuffer buffer = encoder.encode(record);
      return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
          buffer.arrayOffset() + buffer.limit());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes one record; throws {@link SerializationException} with a readable message for bytes
   * that are not a single-object-encoded record of this type (or of a known older version of it).
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      throw new SerializationException("empty record: no value bytes, expected an Avro " + type.getSimpleName());
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("not an Avro single-object-encoded " + type.getSimpleName()
          + " (" + bytes.length + " bytes): " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : encode(data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return data == null ? null : decode(data);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    // nothing to configure: the type fixes the schema
  }

  @Override
  public void close() {
    // nothing to release
  }
}
