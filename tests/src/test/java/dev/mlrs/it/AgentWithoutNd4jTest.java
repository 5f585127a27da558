package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code mlrs agent} and {@code mlrs learners} run in JVMs whose class path has no ND4J, DL4J or JavaCPP jar,
 * and the JVM's class-loading log ({@code -Xlog:class+load}) shows that not one class of those libraries was
 * even asked for: the command line's training side costs the agent nothing.
 */
class AgentWithoutNd4jTest {
  private static final String PREFIX = "it-no-nd4j.";
  /** A class-load log line names the class after the tags: "[0.1s][info][class,load] org.nd4j.X source: ...". */
  private static final Pattern DL4J_CLASS = Pattern.compile("\\] (org\\.nd4j|org\\.deeplearning4j|org\\.bytedeco)\\.");

  @Test
  void agentAndLearnerCommandsLoadNoNd4jClass() throws Exception {
    String testClassPath = System.getProperty("java.class.path");
    assertTrue(Arrays.stream(testClassPath.split(File.pathSeparator)).anyMatch(ChildAgent::isDl4jJar),
        "the test class path has ND4J jars, so leaving them out is a real difference");

    Path dir = KafkaTestBed.tempDir("no-nd4j");
    Path agentClasses = dir.resolve("agent-classes.log");
    Path learnersClasses = dir.resolve("learners-classes.log");
    try (KafkaTestBed kafka = new KafkaTestBed()) {
      Properties config = new Properties();
      config.setProperty("bootstrap.servers", kafka.broker.bootstrapServers());
      config.setProperty("mlrs.topic.prefix", PREFIX);
      config.setProperty("mlrs.state.dir", dir.resolve("state").toString());
      try (ChildAgent agent = ChildAgent.start(config, dir.resolve("agent.properties"),
          List.of(classLoadLog(agentClasses)))) {
        Process list = new ProcessBuilder(ChildAgent.java(), classLoadLog(learnersClasses), "-cp",
            ChildAgent.classPathWithoutDl4j(), "dev.mlrs.cli.Mlrs", "learners", "list",
            "--bootstrap-servers", kafka.broker.bootstrapServers(), "--topic-prefix", PREFIX)
            .redirectErrorStream(true).start();
        String output = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(list.waitFor(120, TimeUnit.SECONDS), "mlrs learners list finished");
        assertEquals(0, list.exitValue(), output);
        assertTrue(output.contains("| default ") && output.contains("| reference-3stage "),
            "the agent published the shipped learners and the command lists them:\n" + output);
      }
    }
    assertNoDl4jClassLoaded(agentClasses, "dev.mlrs.cli.AgentCommand");
    assertNoDl4jClassLoaded(learnersClasses, "dev.mlrs.cli.LearnersCommand");
  }

  private static String classLoadLog(Path file) {
    return "-Xlog:class+load=info:file=" + file;
  }

  private static void assertNoDl4jClassLoaded(Path log, String commandClass) throws Exception {
    List<String> lines = Files.readAllLines(log);
    assertTrue(lines.stream().anyMatch(l -> l.contains("] " + commandClass + " ")),
        log + " records the loading of " + commandClass + " (so it is the log of that command)");
    List<String> dl4j = lines.stream().filter(l -> DL4J_CLASS.matcher(l).find()).toList();
    assertEquals(List.of(), dl4j, "classes of ND4J/DL4J/JavaCPP loaded, see " + log);
  }
}
