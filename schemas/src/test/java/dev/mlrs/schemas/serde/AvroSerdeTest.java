package dev.mlrs.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.StepReport;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private static StepReport step(long n, double loss) {
    return StepReport.newBuilder().setJob("job-1").setStep(n).setLoss(loss).setLearner("default")
        .setMode(LearnerMode.LEARN).setNumClasses(10).setReferenceLoss(2.3).build();
  }

  @Test
  void roundTripsARecord() {
    StepReport original = step(7, 1.25);
    byte[] bytes = MlrsSerdes.STEP_REPORT.encode(original);
    assertEquals(original, MlrsSerdes.STEP_REPORT.decode(bytes));
  }

  @Test
  void writesTheSingleObjectHeaderWithTheSchemaFingerprint() {
    byte[] bytes = MlrsSerdes.STEP_REPORT.encode(step(1, 1.0));
    assertEquals((byte) 0xC3, bytes[0]);
    assertEquals((byte) 0x01, bytes[1]);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(SchemaNormalization.parsingFingerprint64(StepReport.getClassSchema()), fingerprint);
  }

  @Test
  void decodesWhatAGenericWriterProducesFromTheAvscFileAlone() throws Exception {
    Schema fromFile;
    try (InputStream in = getClass().getResourceAsStream("/avro/StepReport.avsc");
         InputStream mode = getClass().getResourceAsStream("/avro/LearnerMode.avsc");
         InputStream side = getClass().getResourceAsStream("/avro/EsSide.avsc");
         InputStream enrolment = getClass().getResourceAsStream("/avro/EsEnrolment.avsc")) {
      // Referenced types first: StepReport names LearnerMode and EsEnrolment, which names EsSide.
      Schema.Parser parser = new Schema.Parser();
      parser.parse(mode);
      parser.parse(side);
      parser.parse(enrolment);
      fromFile = parser.parse(in);
    }
    GenericRecord record = new GenericData.Record(fromFile);
    record.put("job", "py-job");
    record.put("step", 3L);
    record.put("loss", 0.5);
    record.put("learner", "default");
    record.put("mode", new GenericData.EnumSymbol(fromFile.getField("mode").schema(), "FROZEN"));
    record.put("numClasses", 10);
    record.put("referenceLoss", 2.3);
    record.put("gamma", null);
    record.put("lrMin", 0.0);
    record.put("lrMax", 1.0);
    record.put("totalSteps", 100L);
    record.put("validate", false);
    record.put("es", null);
    ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), fromFile).encode(record);

    StepReport decoded = MlrsSerdes.STEP_REPORT.decode(toArray(encoded));
    assertEquals("py-job", decoded.getJob());
    assertEquals(LearnerMode.FROZEN, decoded.getMode());
    assertEquals(100L, decoded.getTotalSteps());
  }

  @Test
  void readsAnOlderReleasedVersionFillingDefaults() throws Exception {
    Schema old;
    try (InputStream in = getClass().getResourceAsStream("/avro-history/StepReport-v0-test.avsc")) {
      old = new Schema.Parser().parse(in);
    }
    GenericRecord record = new GenericData.Record(old);
    record.put("job", "old-job");
    record.put("step", 4L);
    record.put("loss", 2.0);
    record.put("learner", "default");
    record.put("mode", new GenericData.EnumSymbol(old.getField("mode").schema(), "LEARN"));
    record.put("numClasses", 10);
    record.put("referenceLoss", 2.3);
    byte[] bytes = toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(record));

    StepReport decoded = MlrsSerdes.STEP_REPORT.decode(bytes);
    assertEquals("old-job", decoded.getJob());
    assertNull(decoded.getGamma());
    assertEquals(10.0, decoded.getLrMax());
    assertEquals(false, decoded.getValidate());
  }

  @Test
  void refusesGarbageWithAReadableMessage() {
    SerializationException e = assertThrows(SerializationException.class,
        () -> MlrsSerdes.STEP_REPORT.decode("not avro".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("StepReport"), e.getMessage());
  }

  @Test
  void refusesARecordOfAnotherType() {
    LrDecision decision = LrDecision.newBuilder().setJob("j").setStep(1)
        .setStatus(dev.mlrs.schemas.DecisionStatus.OK).setLr(0.1).setLearner("default")
        .setLearnerVersion(1).build();
    byte[] bytes = MlrsSerdes.LR_DECISION.encode(decision);
    assertThrows(SerializationException.class, () -> MlrsSerdes.STEP_REPORT.decode(bytes));
  }

  @Test
  void encodeReturnsExactlyTheMessageBytes() {
    byte[] a = MlrsSerdes.STEP_REPORT.encode(step(1, 1.0));
    byte[] b = MlrsSerdes.STEP_REPORT.encode(step(1, 1.0));
    assertArrayEquals(a, b);
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
