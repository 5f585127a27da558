package dev.mlrs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.HttpSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which HTTP port `mlrs agent` and `mlrs demo` give their agent. */
class HttpPortOptionTest {
  private final AgentSettings base = AgentSettings.defaults("localhost:9092", Path.of("state"));
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void aGivenPortIsUsedAndZeroMeansNone() {
    HttpPortOption option = new HttpPortOption();
    option.port = 7171;
    assertEquals(7171, option.apply(base, false, out).http().port());
    option.port = 0;
    assertFalse(option.apply(base, false, out).http().enabled());
  }

  @Test
  void aPortFromTheConfigFileIsKept() {
    AgentSettings configured = base.withHttp(new HttpSettings(7272, "agent-1"));
    assertEquals(configured.http(), new HttpPortOption().apply(configured, true, out).http());
  }

  @Test
  void theDefaultPortWhenTakenMeansNoLiveViewAndSaysSo() throws IOException {
    ServerSocket holder = null;
    try {
      holder = new ServerSocket(HttpSettings.DEFAULT_CLI_PORT);
    } catch (IOException alreadyTaken) {
      // someone else holds it: the same situation
    }
    try {
      AgentSettings s = new HttpPortOption().apply(base, false, out);
      assertFalse(s.http().enabled());
      assertTrue(printed.toString(StandardCharsets.UTF_8).contains("Port " + HttpSettings.DEFAULT_CLI_PORT
          + " is taken"), printed.toString(StandardCharsets.UTF_8));
    } finally {
      if (holder != null) {
        holder.close();
      }
    }
  }
}
