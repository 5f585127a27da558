package dev.mlrs.experiments;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * Reads a schedule entry of a plan file: one with a {@code learner} is a {@link ServedEntry}, any other a
 * {@link BaselineEntry}. Each is then read strictly, so a baseline with a {@code mode} or a served entry with a
 * {@code grid} is an error naming the field, not a silently ignored setting.
 */
final class ScheduleEntryReader extends StdDeserializer<ScheduleEntry> {

  ScheduleEntryReader() {
    super(ScheduleEntry.class);
  }

  @Override
  public ScheduleEntry deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    JsonNode node = context.readTree(parser);
    Class<? extends ScheduleEntry> type = node.has("learner") ? ServedEntry.class : BaselineEntry.class;
    return context.readTreeAsValue(node, type);
  }
}
