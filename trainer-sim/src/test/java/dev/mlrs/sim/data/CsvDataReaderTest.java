package dev.mlrs.sim.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.sim.data.CsvDataReader.CsvTable;
import dev.mlrs.sim.data.CsvDataReader.Header;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataReaderTest {

  @TempDir
  Path dir;

  @Test
  void readsHeaderAndLastColumnLabel() throws IOException {
    Path csv = write("a.csv", "x1,x2,label\n0.5,1.5,1\n\n2, 3 ,0\n\"4\",5,2\n");
    CsvTable t = CsvDataReader.defaults().read(csv);
    assertEquals(List.of("x1", "x2", "label"), t.header());
    assertEquals(3, t.rows());
    assertEquals(2, t.featureColumns());
    assertArrayEquals(new float[] {0.5f, 1.5f}, t.features()[0]);
    assertArrayEquals(new float[] {2f, 3f}, t.features()[1]);
    assertArrayEquals(new float[] {4f, 5f}, t.features()[2]);
    assertArrayEquals(new int[] {1, 0, 2}, t.labels());
  }

  @Test
  void labelColumnSelectableAndNoHeaderDetected() throws IOException {
    Path csv = write("b.csv", "3,0.1,0.2\n0,0.3,0.4\n");
    CsvTable t = CsvDataReader.defaults().withLabelColumn(0).read(csv);
    assertTrue(t.header().isEmpty());
    assertArrayEquals(new int[] {3, 0}, t.labels());
    assertArrayEquals(new float[] {0.3f, 0.4f}, t.features()[1]);
  }

  @Test
  void forcedHeaderSkipsANumericFirstLine() throws IOException {
    // sklearn's CSVs start with a numeric-looking line "150,4,setosa,..." -> AUTO finds it; PRESENT forces it.
    Path csv = write("c.csv", "2,2,9\n1,2,0\n3,4,1\n");
    assertEquals(3, CsvDataReader.defaults().read(csv).rows());
    assertEquals(2, CsvDataReader.defaults().withHeader(Header.PRESENT).read(csv).rows());
  }

  @Test
  void readsGzipAndOtherDelimiters() throws IOException {
    Path gz = dir.resolve("d.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("1;2;1\n3;4;0\n".getBytes(StandardCharsets.UTF_8));
    }
    CsvTable t = CsvDataReader.defaults().withDelimiter(';').read(gz);
    assertArrayEquals(new int[] {1, 0}, t.labels());
    assertArrayEquals(new float[] {3f, 4f}, t.features()[1]);
  }

  @Test
  void badRowsAreReportedWithFileAndLine() throws IOException {
    Path ragged = write("e.csv", "1,2,0\n1,2\n");
    DataException e = assertThrows(DataException.class, () -> CsvDataReader.defaults().read(ragged));
    assertTrue(e.getMessage().contains(ragged + ":2"), e.getMessage());

    Path fractional = write("f.csv", "1,2,0.5\n");
    e = assertThrows(DataException.class, () -> CsvDataReader.defaults().read(fractional));
    assertTrue(e.getMessage().contains("whole number"), e.getMessage());

    Path text = write("g.csv", "1,2,0\n1,abc,1\n");
    e = assertThrows(DataException.class, () -> CsvDataReader.defaults().read(text));
    assertTrue(e.getMessage().contains("'abc'"), e.getMessage());

    Path empty = write("h.csv", "a,b\n");
    assertThrows(DataException.class, () -> CsvDataReader.defaults().read(empty));
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
