package dev.mlrs.agent.topology;

import dev.mlrs.schemas.Rejected;
import dev.mlrs.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;

/**
 * Builds dead letters that keep the original bytes and where they came from, and sends them to
 * {@code rejected}. Shared by the processors so that every rejection is logged and recorded the same way.
 */
final class Rejections {

  private Rejections() {
  }

  static Record<Object, Object> of(ProcessorContext<?, ?> context, Record<byte[], byte[]> input, String reason) {
    Optional<RecordMetadata> where = context.recordMetadata();
    DeadLetterFit.Fitted fitted = DeadLetterFit.fit(input.key(), input.value(), reason);
    Rejected rejected = Rejected.newBuilder()
        .setSourceTopic(where.map(RecordMetadata::topic).orElse("unknown"))
        .setPartition(where.map(RecordMetadata::partition).orElse(-1))
        .setOffset(where.map(RecordMetadata::offset).orElse(-1L))
        .setKey(fitted.key() == null ? null : ByteBuffer.wrap(fitted.key()))
        .setValue(fitted.value() == null ? null : ByteBuffer.wrap(fitted.value()))
        .setReason(fitted.reason())
        .setRejectedAtMillis(context.currentSystemTimeMs())
        .build();
    return new Record<>((Object) fitted.key(), (Object) rejected, input.timestamp());
  }

  /**
   * Logs the rejection on the caller's logger (so the log names the processor) and forwards the dead
   * letter to the rejected sink.
   *
   * @param what what was rejected, for the log line (e.g. "record", "meta-gradient")
   */
  static void send(ProcessorContext<Object, Object> context, Logger log, String what,
                   Record<byte[], byte[]> input, String reason) {
    log.warn("rejected {}: {}", what, DeadLetterFit.shorten(reason, 500));
    context.forward(of(context, input, reason), TopologyNames.REJECTED_SINK);
  }

  /**
   * A dead letter for a record this processor kept in a store and gives up on later (e.g. the lone side of an
   * ES pair when its generation closes): the stored bytes, with the topic it came from but no offset.
   */
  static void sendKept(ProcessorContext<Object, Object> context, Logger log, String what, String sourceTopic,
                       String key, byte[] value, String reason) {
    log.warn("rejected {}: {}", what, DeadLetterFit.shorten(reason, 500));
    DeadLetterFit.Fitted fitted = DeadLetterFit.fit(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value, reason);
    Rejected rejected = Rejected.newBuilder()
        .setSourceTopic(sourceTopic)
        .setPartition(-1)
        .setOffset(-1L)
        .setKey(fitted.key() == null ? null : ByteBuffer.wrap(fitted.key()))
        .setValue(fitted.value() == null ? null : ByteBuffer.wrap(fitted.value()))
        .setReason(fitted.reason())
        .setRejectedAtMillis(context.currentSystemTimeMs())
        .build();
    context.forward(new Record<>((Object) fitted.key(), (Object) rejected, context.currentSystemTimeMs()),
        TopologyNames.REJECTED_SINK);
  }

  /** The record key as text (keys are UTF-8 job ids or learner names), or null. */
  static String keyOf(Record<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  /**
   * The decoded value, or null after sending the record to rejected with the decoder's reason; callers
   * return on null, since there is nothing else to do with bytes that do not decode.
   */
  static <T extends SpecificRecord> T decodeOrReject(ProcessorContext<Object, Object> context, Logger log,
                                                     String what, AvroSerde<T> serde, Record<byte[], byte[]> input) {
    try {
      return serde.decode(input.value());
    } catch (RuntimeException e) {
      send(context, log, what, input, e.getMessage());
      return null;
    }
  }
}
