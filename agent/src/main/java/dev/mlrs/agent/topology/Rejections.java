package dev.mlrs.agent.topology;

import dev.mlrs.schemas.Rejected;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds dead letters that keep the original bytes and where they came from. */
final class Rejections {

  private Rejections() {
  }

  static Record<Object, Object> of(ProcessorContext<?, ?> context, Record<byte[], byte[]> input, String reason) {
    Optional<RecordMetadata> where = context.recordMetadata();
    Rejected rejected = Rejected.newBuilder()
        .setSourceTopic(where.map(RecordMetadata::topic).orElse("unknown"))
        .setPartition(where.map(RecordMetadata::partition).orElse(-1))
        .setOffset(where.map(RecordMetadata::offset).orElse(-1L))
        .setKey(input.key() == null ? null : ByteBuffer.wrap(input.key()))
        .setValue(input.value() == null ? null : ByteBuffer.wrap(input.value()))
        .setReason(reason)
        .setRejectedAtMillis(context.currentSystemTimeMs())
        .build();
    return new Record<>((Object) input.key(), (Object) rejected, input.timestamp());
  }
}
