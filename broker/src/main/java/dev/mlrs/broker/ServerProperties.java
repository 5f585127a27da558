package dev.mlrs.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server.properties of a KRaft node that is both broker and controller: alone (a single-node cluster) or one of
 * several that share the controller quorum.
 */
final class ServerProperties {

  private ServerProperties() {
  }

  static Map<String, String> forSingleNode(BrokerPorts ports, Path kafkaLogDir, Map<String, String> overrides) {
    return forNode(KraftNode.standalone(), ports, kafkaLogDir, overrides);
  }

  static Map<String, String> forNode(KraftNode node, BrokerPorts ports, Path kafkaLogDir,
      Map<String, String> overrides) {
    return forNode(node, ports, kafkaLogDir, null, overrides);
  }

  /** {@code security}: null for a PLAINTEXT client listener, else a SASL_SSL one and an SSL controller listener. */
  static Map<String, String> forNode(KraftNode node, BrokerPorts ports, Path kafkaLogDir, BrokerSecurity security,
      Map<String, String> overrides) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(node.nodeId()));
    if (node.isStandalone()) {
      // Dynamic quorum (the Kafka 4 way); the storage is formatted with --standalone to match.
      p.put("controller.quorum.bootstrap.servers", ports.controllerEndpoint());
    } else {
      // Static quorum: every node knows every voter from the start (see KraftNode).
      p.put("controller.quorum.voters", node.votersProperty());
      // Twice Kafka's defaults (1 s, 2 s): on a busy 2-core machine three starting JVMs miss the defaults and
      // elect leader after leader. A stopped leader resigns at once, so a controlled stop is not slowed down.
      p.put("controller.quorum.election.timeout.ms", "2000");
      p.put("controller.quorum.fetch.timeout.ms", "4000");
    }
    String client = security == null ? "PLAINTEXT" : "SASL_SSL";
    p.put("listeners", client + "://" + ports.bootstrapServers() + ",CONTROLLER://" + ports.controllerEndpoint());
    p.put("advertised.listeners", client + "://" + ports.bootstrapServers());
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", client);
    if (security != null) {
      p.putAll(security.serverProperties(client, "CONTROLLER"));
    }
    p.put("log.dirs", kafkaLogDir.toAbsolutePath().toString());

    // Internal topics (consumer offsets, transactions) and new topics get the cluster's replication; a single
    // node can only have 1.
    String replication = String.valueOf(node.replicationFactor());
    String minInsync = String.valueOf(node.minInsyncReplicas());
    p.put("offsets.topic.replication.factor", replication);
    p.put("transaction.state.log.replication.factor", replication);
    p.put("transaction.state.log.min.isr", minInsync);
    p.put("share.coordinator.state.topic.replication.factor", replication);
    p.put("share.coordinator.state.topic.min.isr", minInsync);
    p.put("min.insync.replicas", minInsync);
    p.put("default.replication.factor", replication);
    // 50 partitions per internal topic (the default) only slow down the first group/transaction here.
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.num.partitions", "4");

    // After a SIGKILL the restarted node's controller still holds the dead broker's registration and
    // refuses the new one until that session expires: 9 s by default, the bulk of a restart.
    p.put("broker.session.timeout.ms", "4000");
    p.put("broker.heartbeat.interval.ms", "1000");

    // Groups (Kafka Streams) should not wait 3 s for more members that never come.
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created on purpose, with the partition count the product needs.
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");

    p.putAll(overrides);
    return p;
  }

  static void write(Map<String, String> properties, Path file) {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("# Written by dev.mlrs.broker.EmbeddedKafkaBroker on every start; edits are overwritten.\n");
      for (Map.Entry<String, String> e : properties.entrySet()) {
        out.write(escapeKey(e.getKey()) + "=" + escapeValue(e.getValue()) + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  // Escapes what java.util.Properties (Kafka's reader) would otherwise misread. Hand-written rather than
  // Properties.store so that the file keeps the readable order above.
  private static String escapeValue(String value) {
    String escaped = escapeCommon(value);
    return escaped.startsWith(" ") ? "\\" + escaped : escaped;
  }

  private static String escapeKey(String key) {
    return escapeCommon(key).replace("=", "\\=").replace(":", "\\:").replace(" ", "\\ ");
  }

  private static String escapeCommon(String text) {
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }
}
