package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Python client's own unit tests (clients/python/tests: wire format and partitions against the test
 * vectors of docs/protocol.md, the client's fallbacks, hypergradients against finite differences), run by
 * `mvn verify` so that a change on either side is caught in one build.
 */
class PythonClientUnitTest {

  @Test
  void pythonUnitTestsPass() {
    PythonEnvironment.requireOrSkip();
    PythonEnvironment.Result result = PythonEnvironment.run(
        List.of("-m", "unittest", "discover", "-s", "clients/python/tests", "-t", "clients/python"),
        Duration.ofMinutes(5), null);
    System.out.println(result.output());
    assertEquals(0, result.exitCode(), "python3 -m unittest failed:\n" + result.output());
  }
}
