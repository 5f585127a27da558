package dev.mlrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mlrs.agent.app.AgentConfigFile;
import dev.mlrs.agent.app.AgentSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The files of the Docker deployment (docker/), checked without a Docker engine: docker-compose accepts the compose
 * file and it describes three replicated KRaft brokers, two agents and a trainer; the agents' properties file is
 * one the agent reads; and every jar the images copy exists after the build. Where docker-compose is missing the
 * compose check is skipped with a pointer to scripts/setup-deploy.sh, except under CI (CI=true), where that fails.
 */
class DeploymentFilesTest {
  private static final Path REPO = PythonEnvironment.REPO;
  private static final Path COMPOSE = REPO.resolve("docker").resolve("compose.yaml");
  private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");

  @Test
  void dockerComposeAcceptsTheFileWithThreeReplicatedBrokersTwoAgentsAndATrainer() throws Exception {
    requireDockerCompose();
    Run services = run(List.of("docker-compose", "-f", COMPOSE.toString(), "config", "--services"));
    assertEquals(0, services.exitCode(), "docker-compose config --services failed:\n" + services.output());
    assertEquals(new TreeSet<>(List.of("kafka-1", "kafka-2", "kafka-3", "agent-1", "agent-2", "trainer")),
        new TreeSet<>(services.output().lines().map(String::strip).filter(s -> !s.isEmpty()).toList()));

    Run config = run(List.of("docker-compose", "-f", COMPOSE.toString(), "config"));
    assertEquals(0, config.exitCode(), "docker-compose config failed:\n" + config.output());
    String resolved = config.output();
    // Each broker, as docker-compose resolved it (the shared settings come from YAML anchors).
    assertEquals(3, resolved.lines().map(String::strip).filter(l -> l.startsWith("image: apache/kafka:")).count(),
        "three brokers from the official image");
    assertEquals(3, count(resolved, "KAFKA_PROCESS_ROLES: broker,controller"), "combined broker+controller nodes");
    assertEquals(3, countSetting(resolved, "KAFKA_DEFAULT_REPLICATION_FACTOR", "3"));
    assertEquals(3, countSetting(resolved, "KAFKA_MIN_INSYNC_REPLICAS", "2"));
    assertEquals(3, countSetting(resolved, "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3"));
    assertEquals(3, countSetting(resolved, "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2"));
    assertEquals(3, countSetting(resolved, "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3"));
    assertEquals(3, countSetting(resolved, "KAFKA_CONTROLLER_QUORUM_VOTERS",
        "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093"));
    Set<String> nodeIds = new TreeSet<>();
    Matcher ids = Pattern.compile("(?m)^\\s+KAFKA_NODE_ID: ['\"]?(\\d+)['\"]?$").matcher(resolved);
    while (ids.find()) {
      nodeIds.add(ids.group(1));
    }
    assertEquals(Set.of("1", "2", "3"), nodeIds, "one node id per broker");
    assertEquals(2, count(resolved, "dockerfile: Dockerfile.agent"), "two agents from the agent image");
    assertEquals(1, count(resolved, "dockerfile: Dockerfile.cli"), "a trainer from the CLI image");
    assertTrue(Files.isRegularFile(REPO.resolve("docker/Dockerfile.agent")));
    assertTrue(Files.isRegularFile(REPO.resolve("docker/Dockerfile.cli")));
  }

  @Test
  void theAgentsPropertiesFileNamesAllThreeBrokersAndReplicatesThreeTimes() throws IOException {
    Properties file = new Properties();
    try (Reader in = Files.newBufferedReader(REPO.resolve("docker/config/agent.properties"), StandardCharsets.UTF_8)) {
      file.load(in);
    }
    AgentSettings settings = AgentConfigFile.settings(file);
    List<String> hosts = Arrays.stream(settings.bootstrapServers().split(","))
        .map(server -> server.strip().split(":")[0]).toList();
    assertEquals(BROKERS, hosts);
    assertEquals(3, settings.replicationFactor(), "the agent's topics and Kafka Streams' internal topics");
    assertTrue(settings.partitions() >= 2, "both agents get partitions: " + settings.partitions());
  }

  @Test
  void everyJarTheImagesCopyExistsAfterTheBuild() throws Exception {
    Path classPath = REPO.resolve("cli/target/mlrs-classpath.txt");
    Assumptions.assumeTrue(Files.isRegularFile(classPath), "skipped: " + classPath + " is written by `mvn package` "
        + "(mvn -B verify builds it before this module's tests; .ci/run also runs scripts/docker-stage.sh --check)");
    Run check = run(List.of(REPO.resolve("scripts/docker-stage.sh").toString(), "--check"));
    assertEquals(0, check.exitCode(), "scripts/docker-stage.sh --check:\n" + check.output());
    Matcher counts = Pattern.compile("(\\d+) jars for both images .* (\\d+) ND4J/DL4J jars").matcher(check.output());
    assertTrue(counts.find(), check.output());
    assertTrue(Integer.parseInt(counts.group(1)) > 10, "the agent image's jars: " + check.output());
    assertTrue(Integer.parseInt(counts.group(2)) > 0, "the CLI image's ND4J/DL4J jars: " + check.output());
  }

  private static void requireDockerCompose() throws Exception {
    String message = "docker-compose is not installed: scripts/setup-deploy.sh installs it (apt-get install "
        + "docker-compose); no Docker engine is needed to validate the file";
    boolean present;
    try {
      present = run(List.of("docker-compose", "--version")).exitCode() == 0;
    } catch (IOException notOnPath) {
      present = false;
    }
    if (!present && "true".equals(System.getenv("CI"))) {
      fail("CI=true and " + message);
    }
    Assumptions.assumeTrue(present, "skipped: " + message);
  }

  private static int count(String text, String line) {
    return (int) text.lines().map(String::strip).filter(line::equals).count();
  }

  private static int countSetting(String text, String key, String value) {
    Pattern setting = Pattern.compile("^" + Pattern.quote(key) + ": ['\"]?" + Pattern.quote(value) + "['\"]?$");
    return (int) text.lines().map(String::strip).filter(l -> setting.matcher(l).matches()).count();
  }

  private record Run(int exitCode, String output) {
  }

  private static Run run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within 2 minutes");
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
