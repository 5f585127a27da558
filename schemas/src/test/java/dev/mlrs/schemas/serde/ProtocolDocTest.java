package dev.mlrs.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * The test vectors of docs/protocol.md, recomputed from the code: other clients are written from that page,
 * so it must fail the build when the page and the code disagree (a schema changed, a vector mistyped).
 */
class ProtocolDocTest {

  private static final ProtocolDoc DOC = ProtocolDoc.load();
  private static final Path AVRO_DIR = Path.of(System.getProperty("user.dir"), "src", "main", "avro");
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void fingerprintTableListsEveryPublicSchemaWithItsFingerprintAndHeaderBytes() throws Exception {
    List<List<String>> rows = DOC.section("### Schema fingerprints").tableRows();
    assertEquals(publicSchemaFiles(), rows.stream().map(r -> r.get(0)).collect(Collectors.toCollection(TreeSet::new)),
        "the table must list exactly the .avsc files of schemas/src/main/avro");
    Map<String, Schema> fromFiles = parseInDocumentedOrder();
    for (List<String> row : rows) {
      String name = row.get(0);
      long fromClass = SchemaNormalization.parsingFingerprint64(classSchema(name));
      assertEquals(fromClass, SchemaNormalization.parsingFingerprint64(fromFiles.get(name)),
          name + ": the .avsc file and the generated class must agree");
      assertEquals(String.format("0x%016x", fromClass), row.get(1), name + " fingerprint");
      assertEquals(spaced(littleEndian(fromClass)), row.get(2), name + " header bytes");
    }
  }

  @Test
  void theDocumentedParseOrderParsesEveryFileWithOneParser() throws Exception {
    List<String> order = documentedParseOrder();
    assertEquals(publicSchemaFiles(), new TreeSet<>(order), "the parse order must name every public schema once");
    assertEquals(order.size(), Set.copyOf(order).size());
    assertEquals(order.size(), parseInDocumentedOrder().size());
  }

  @Test
  void canonicalFormExampleIsTheParsingFormOfEsEnrolment() throws Exception {
    String documented = DOC.section("### Canonical forms").block("canonical").text().trim();
    Schema schema = classSchema("EsEnrolment");
    assertEquals(SchemaNormalization.toParsingForm(schema), documented);
    assertEquals(SchemaNormalization.parsingFingerprint64(schema),
        SchemaNormalization.fingerprint64(documented.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void everyRecordVectorIsWhatTheSerdeWritesAndReads() throws Exception {
    List<ProtocolDoc> vectors = DOC.section("### Records").subsections("#### ");
    assertTrue(vectors.size() >= 5, "expected the record vectors, found " + vectors.size());
    Set<String> types = new TreeSet<>();
    for (ProtocolDoc vector : vectors) {
      String type = vector.firstLine().substring("#### ".length()).split(":")[0].trim();
      types.add(type);
      AvroSerde<SpecificRecord> serde = serde(type);
      Schema schema = classSchema(type);
      JsonNode json = new ObjectMapper().readTree(vector.block("json").text());
      SpecificRecord record = (SpecificRecord) SpecificData.get().deepCopy(schema, fromJson(schema, json));
      byte[] documented = HEX.parseHex(vector.block("hex").text().replaceAll("\\s+", ""));
      assertEquals(HEX.formatHex(serde.encode(record)), HEX.formatHex(documented), vector.firstLine());
      assertEquals(record, serde.decode(documented), vector.firstLine());
    }
    assertEquals(Set.of("StepReport", "ValidationReport", "LrDecision", "RunResult"), types,
        "one vector at least for every record a client writes or reads");
  }

  @Test
  void partitionTableIsKafkasDefaultPartitionerForStringKeys() {
    ProtocolDoc section = DOC.section("### Partitions");
    List<String> header = section.tableHeader();
    List<List<String>> rows = section.tableRows();
    assertFalse(rows.isEmpty());
    for (List<String> row : rows) {
      byte[] key = row.get(0).getBytes(StandardCharsets.UTF_8); // what StringSerializer writes
      assertEquals(Integer.toString(Utils.murmur2(key)), row.get(1), "murmur2 of " + row.get(0));
      for (int column = 2; column < header.size(); column++) {
        int partitions = Integer.parseInt(header.get(column));
        assertEquals(Integer.toString(BuiltInPartitioner.partitionForKey(key, partitions)), row.get(column),
            row.get(0) + " on " + partitions + " partitions");
      }
    }
  }

  /** Builds a generic record from the page's JSON: unions hold the plain value or null, enums the symbol. */
  private static Object fromJson(Schema schema, JsonNode node) {
    switch (schema.getType()) {
      case RECORD -> {
        GenericData.Record record = new GenericData.Record(schema);
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        assertEquals(schema.getFields().stream().map(Schema.Field::name).toList(), names,
            "the JSON of a " + schema.getName() + " must give every field, in schema order");
        for (Schema.Field field : schema.getFields()) {
          record.put(field.name(), fromJson(field.schema(), node.get(field.name())));
        }
        return record;
      }
      case UNION -> {
        if (node.isNull()) {
          return null;
        }
        Schema branch = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst()
            .orElseThrow();
        return fromJson(branch, node);
      }
      case ENUM -> {
        return new GenericData.EnumSymbol(schema, node.textValue());
      }
      case STRING -> {
        assertTrue(node.isTextual(), "expected a string: " + node);
        return node.textValue();
      }
      case LONG -> {
        assertTrue(node.isIntegralNumber(), "expected an integer: " + node);
        return node.longValue();
      }
      case INT -> {
        assertTrue(node.isIntegralNumber(), "expected an integer: " + node);
        return node.intValue();
      }
      case DOUBLE -> {
        assertTrue(node.isNumber(), "expected a number: " + node);
        return node.doubleValue();
      }
      case BOOLEAN -> {
        assertTrue(node.isBoolean(), "expected true or false: " + node);
        return node.booleanValue();
      }
      default -> throw new AssertionError("no vector support for " + schema.getType());
    }
  }

  @SuppressWarnings("unchecked")
  private static AvroSerde<SpecificRecord> serde(String type) {
    Map<String, AvroSerde<?>> serdes = new LinkedHashMap<>();
    Stream.of(MlrsSerdes.STEP_REPORT, MlrsSerdes.VALIDATION_REPORT, MlrsSerdes.LR_DECISION, MlrsSerdes.RUN_RESULT,
        MlrsSerdes.META_GRADIENT, MlrsSerdes.LEARNER_PARAMS, MlrsSerdes.REJECTED)
        .forEach(s -> serdes.put(s.type().getSimpleName(), s));
    AvroSerde<?> serde = serdes.get(type);
    if (serde == null) {
      throw new AssertionError("no serde for record type '" + type + "'");
    }
    return (AvroSerde<SpecificRecord>) serde;
  }

  private static Schema classSchema(String name) throws ReflectiveOperationException {
    return (Schema) Class.forName("dev.mlrs.schemas." + name).getMethod("getClassSchema").invoke(null);
  }

  private static List<String> documentedParseOrder() {
    return List.of(DOC.section("## Records: Avro in single-object encoding").block("parse-order").text().trim()
        .split("\\s+"));
  }

  private static Map<String, Schema> parseInDocumentedOrder() throws IOException {
    Schema.Parser parser = new Schema.Parser();
    Map<String, Schema> parsed = new LinkedHashMap<>();
    for (String name : documentedParseOrder()) {
      parsed.put(name, parser.parse(AVRO_DIR.resolve(name + ".avsc").toFile()));
    }
    return parsed;
  }

  private static Set<String> publicSchemaFiles() throws IOException {
    try (Stream<Path> files = Files.list(AVRO_DIR)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".avsc"))
          .map(n -> n.substring(0, n.length() - ".avsc".length())).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static byte[] littleEndian(long value) {
    byte[] bytes = new byte[8];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (value >>> (8 * i));
    }
    return bytes;
  }

  private static String spaced(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }
}
