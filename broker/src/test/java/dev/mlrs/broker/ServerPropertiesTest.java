package dev.mlrs.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
