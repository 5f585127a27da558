package dev.mlrs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerPropertiesTest {

  @Test
  void writesASingleNodeKraftConfigThatJavaPropertiesReadsBack(@TempDir Path dir) throws Exception {
    Map<String, String> written = ServerProperties.forSingleNode(new BrokerPorts(9092, 9093),
        dir.resolve("kafka-logs"), Map.of("num.partitions", "3", "weird key", "C:\\data\\x"));
    Path file = dir.resolve("server.properties");
    ServerProperties.write(written, file);

    Properties read = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      read.load(in);
    }
    assertEquals(written.size(), read.size());
    written.forEach((key, value) -> assertEquals(value, read.getProperty(key), key));
    assertEquals("broker,controller", read.getProperty("process.roles"));
    assertEquals("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093", read.getProperty("listeners"));
    assertEquals("127.0.0.1:9093", read.getProperty("controller.quorum.bootstrap.servers"));
    assertEquals("3", read.getProperty("num.partitions"), "extra properties override the defaults");
    assertEquals("C:\\data\\x", read.getProperty("weird key"));
  }

  @Test
  void aClusterNodeNamesEveryVoterAndReplicatesInternalTopics(@TempDir Path dir) {
    KraftNode node = new KraftNode(2, Map.of(1, "127.0.0.1:9101", 2, "127.0.0.1:9102", 3, "127.0.0.1:9103"), 3, 2);
    Map<String, String> p = ServerProperties.forNode(node, new BrokerPorts(9002, 9102), dir, Map.of());

    assertEquals("2", p.get("node.id"));
    assertEquals("1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103", p.get("controller.quorum.voters"));
    assertFalse(p.containsKey("controller.quorum.bootstrap.servers"), "a static quorum has no bootstrap servers");
    assertEquals("3", p.get("default.replication.factor"));
    assertEquals("3", p.get("offsets.topic.replication.factor"));
    assertEquals("3", p.get("transaction.state.log.replication.factor"));
    assertEquals("2", p.get("transaction.state.log.min.isr"));
    assertEquals("2", p.get("min.insync.replicas"));
  }

  @Test
  void aStaticQuorumIsFormattedWithoutStandalone(@TempDir Path dir) throws Exception {
    Path single = dir.resolve("single.properties");
    ServerProperties.write(ServerProperties.forSingleNode(new BrokerPorts(9092, 9093), dir, Map.of()), single);
    Path member = dir.resolve("member.properties");
    ServerProperties.write(ServerProperties.forNode(new KraftNode(1, Map.of(1, "127.0.0.1:9093"), 1, 1),
        new BrokerPorts(9092, 9093), dir, Map.of()), member);

    assertFalse(KraftStorageFormat.hasStaticQuorum(single));
    assertTrue(KraftStorageFormat.hasStaticQuorum(member));
    assertTrue(KraftStorageFormat.arguments("id", single.toString(), false).contains("--standalone"));
    assertFalse(KraftStorageFormat.arguments("id", member.toString(), true).contains("--standalone"));
  }
}
