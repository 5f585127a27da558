package dev.mlrs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void javaClassNamesInWrappedMessagesAreDropped() {
    Exception wrapped = new IllegalStateException("cannot set up topics: "
        + "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment.");
    assertEquals("cannot set up topics: Timed out waiting for a node assignment.", Messages.clean(wrapped));
  }

  @Test
  void jacksonLocationsBecomeLineAndColumn() {
    String jackson = "plan.json: Unexpected character ('}' (code 125)): was expecting double-quote to start field "
        + "name\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 4, "
        + "column: 2]";
    assertEquals("plan.json: Unexpected character ('}' (code 125)): was expecting double-quote to start field name"
        + " (line 4, column 2)", Messages.clean(new java.io.IOException(jackson)));
  }

  @Test
  void jacksonConstructionFailuresKeepOnlyTheProblem() {
    String jackson = "plan.json: Cannot construct instance of `dev.mlrs.experiments.BaselineEntry`, problem: "
        + "schedule entry x: unknown schedule 'x'\n at [Source: UNKNOWN; byte offset: #UNKNOWN]";
    assertEquals("plan.json: schedule entry x: unknown schedule 'x'", Messages.clean(jackson));
  }

  @Test
  void aWrapperWithoutAMessageGivesItsCausesOne() {
    ExecutionException e = new ExecutionException(null, new IllegalArgumentException("--steps must be >= 1"));
    assertEquals("--steps must be >= 1", Messages.clean(e));
  }

  @Test
  void anExceptionWithNoMessageAtAllIsNamedInWords() {
    assertEquals("null pointer exception", Messages.clean(new NullPointerException()));
  }
}
