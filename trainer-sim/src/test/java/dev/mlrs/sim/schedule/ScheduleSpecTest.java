package dev.mlrs.sim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleSpecTest {

  @Test
  void printsLikeAReportRow() {
    assertEquals("cosine(lr=0.1)", new ScheduleSpec("cosine", Map.of("lr", 0.1)).toString());
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("lr", 0.05);
    params.put("cycles", 3.0);
    params.put("minLr", 1e-5);
    assertEquals("sgdr(lr=0.05, cycles=3, minLr=0.00001)", new ScheduleSpec("sgdr", params).toString());
    assertEquals("onecycle()", new ScheduleSpec("onecycle", null).toString());
  }

  @Test
  void parseReadsWhatToStringWrites() {
    Map<String, Double> params = new LinkedHashMap<>();
    params.put("lr", 0.1);
    params.put("factor", 0.5);
    params.put("milestone1", 0.3);
    ScheduleSpec spec = new ScheduleSpec("multistep", params);
    assertEquals(spec, ScheduleSpec.parse(spec.toString()));
    assertEquals(spec.toString(), ScheduleSpec.parse(" multistep( lr = 0.1,factor=0.5, milestone1=3e-1 )").toString());
    assertEquals(new ScheduleSpec("cosine", Map.of()), ScheduleSpec.parse("cosine"));
    assertThrows(IllegalArgumentException.class, () -> ScheduleSpec.parse("cosine(lr)"));
    assertThrows(IllegalArgumentException.class, () -> ScheduleSpec.parse("cosine(lr=fast)"));
    assertThrows(IllegalArgumentException.class, () -> ScheduleSpec.parse("cosine(lr=0.1"));
  }

  @Test
  void createsItsSchedule() {
    LrSchedule s = ScheduleSpec.parse("sgdr(lr=0.1, cycles=3)").create(new ScheduleContext(700, 10));
    assertInstanceOf(SgdrSchedule.class, s);
    assertEquals(0.1, s.lr(100, 1), 1e-12);
  }

  @Test
  void paramsAreACopyThatCannotChange() {
    Map<String, Double> params = new LinkedHashMap<>(Map.of("lr", 0.1));
    ScheduleSpec spec = new ScheduleSpec("fixed", params);
    params.put("lr", 0.2);
    assertEquals(0.1, spec.params().get("lr"));
    assertThrows(UnsupportedOperationException.class, () -> spec.params().put("lr", 0.3));
  }
}
