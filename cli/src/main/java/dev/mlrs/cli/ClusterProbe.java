package dev.mlrs.cli;

import dev.mlrs.schemas.KafkaConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Checks that a given cluster answers before a command builds anything on it. Left to themselves, the Kafka
 * clients retry an unreachable address for a minute, log a WARN line per attempt and end with "Timeout expired
 * while fetching topic metadata". This probe first opens a plain TCP connection to each bootstrap address (no
 * Kafka client, so no log lines), then asks the cluster for its description with a short timeout, and says in
 * one sentence what is wrong.
 */
final class ClusterProbe {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(8);

  private ClusterProbe() {
  }

  /**
   * @throws IllegalArgumentException when no bootstrap address accepts a connection, or the cluster does not
   *                                  describe itself in time
   */
  static void requireReachable(KafkaConnection connection) {
    String bootstrapServers = connection.bootstrapServers();
    List<String> failures = new ArrayList<>();
    boolean anyOpen = false;
    for (String address : bootstrapServers.split(",")) {
      String failure = connect(address.trim());
      if (failure == null) {
        anyOpen = true;
        break;
      }
      failures.add(failure);
    }
    if (!anyOpen) {
      throw new IllegalArgumentException("cannot reach the Kafka cluster at " + bootstrapServers + ": "
          + String.join("; ", failures) + ". Is a broker running there? (Without --bootstrap-servers mlrs starts "
          + "an embedded one.)");
    }
    describe(connection);
  }

  /** Null when a TCP connection to {@code host:port} opens, else why not. */
  static String connect(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      return address + " is not HOST:PORT";
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      return address + " has no numeric port";
    }
    String host = address.substring(0, colon);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
      return null;
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return address + ": " + reason.toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static void describe(KafkaConnection connection) {
    String bootstrapServers = connection.bootstrapServers();
    Properties p = connection.clientProperties();
    int timeoutMs = (int) DESCRIBE_TIMEOUT.toMillis();
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
    try (Admin admin = Admin.create(p)) {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()
          .get(timeoutMs + 1000L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while probing " + bootstrapServers, e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new IllegalArgumentException(bootstrapServers + " accepts connections but did not answer as a Kafka "
          + "cluster within " + DESCRIBE_TIMEOUT.toSeconds() + " s (" + Messages.clean(cause) + "). Check the "
          + "address and the security settings (--config).", e);
    }
  }
}
