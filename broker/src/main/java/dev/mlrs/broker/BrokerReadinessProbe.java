package dev.mlrs.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Waits until a starting broker answers {@code describeCluster} with at least one node, or fails with the
 * reason (process exited, timeout) and the tail of the broker log.
 */
final class BrokerReadinessProbe {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

  private BrokerReadinessProbe() {
  }

  /** {@code login}: client security settings for a secured listener (empty for PLAINTEXT). */
  static void awaitReady(Process process, BrokerPorts ports, Map<String, String> login, BrokerLog log,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // A plain TCP connect first: an AdminClient would log a warning for every refused connection
    // (it connects as soon as it is created, so it cannot be created early either).
    awaitListening(process, ports, log, timeout, deadline);
    try (Admin admin = Admin.create(adminConfig(ports, login))) {
      Exception lastFailure = null;
      while (true) {
        failIfExited(process, ports, log);
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw timedOut(ports, log, timeout, lastFailure);
        }
        long attemptMillis = Math.max(1, Math.min(ATTEMPT_TIMEOUT.toMillis(),
            TimeUnit.NANOSECONDS.toMillis(remaining)));
        try {
          Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) attemptMillis))
              .nodes().get(attemptMillis, TimeUnit.MILLISECONDS);
          if (!nodes.isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          lastFailure = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BrokerStartException("interrupted while waiting for the Kafka broker to start", e);
        }
        sleep(POLL_INTERVAL);
      }
    }
  }

  private static void awaitListening(Process process, BrokerPorts ports, BrokerLog log, Duration timeout,
      long deadline) {
    while (true) {
      failIfExited(process, ports, log);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(BrokerPorts.HOST, ports.client()), (int) POLL_INTERVAL.toMillis());
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() - deadline >= 0) {
          throw timedOut(ports, log, timeout, notYet);
        }
      }
      sleep(POLL_INTERVAL);
    }
  }

  private static Map<String, Object> adminConfig(BrokerPorts ports, Map<String, String> login) {
    Map<String, Object> config = new HashMap<>(login);
    config.putAll(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, "mlrs-broker-readiness-probe",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT_TIMEOUT.toMillis(),
        AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    return config;
  }

  private static void failIfExited(Process process, BrokerPorts ports, BrokerLog log) {
    if (!process.isAlive()) {
      throw new BrokerStartException("the Kafka broker process (pid " + process.pid() + ") for "
          + ports.bootstrapServers() + " exited with code " + process.exitValue()
          + " before it was ready; " + log.excerpt());
    }
  }

  private static BrokerStartException timedOut(BrokerPorts ports, BrokerLog log, Duration timeout, Exception last) {
    return new BrokerStartException("the Kafka broker at " + ports.bootstrapServers() + " was not ready within "
        + timeout + (last == null ? "" : " (last attempt: " + last + ")") + "; " + log.excerpt(), last);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerStartException("interrupted while waiting for the Kafka broker to start", e);
    }
  }
}
