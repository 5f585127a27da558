package dev.mlrs.agent.app;

import java.util.Objects;

/**
 * The agent's HTTP server: the live view (web page and JSON API) and the Prometheus endpoint.
 *
 * @param port           port to listen on (all interfaces); 0 = no HTTP server
 * @param advertisedHost the host name other agent instances and browsers reach this instance by; with the port
 *                       it becomes Kafka Streams' application.server, so that a query is routed to the instance
 *                       that owns the job
 */
public record HttpSettings(int port, String advertisedHost) {
  public static final HttpSettings OFF = new HttpSettings(0, "localhost");
  /** The port of {@code mlrs agent} and {@code mlrs demo} unless told otherwise. */
  public static final int DEFAULT_CLI_PORT = 7070;

  public HttpSettings {
    Objects.requireNonNull(advertisedHost, "advertisedHost");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("mlrs.http.port must be 0 (off) or a port number, got " + port);
    }
  }

  public boolean enabled() {
    return port > 0;
  }

  /** host:port as Kafka Streams' application.server takes it. */
  public String endpoint() {
    return advertisedHost + ":" + port;
  }

  /** The page's address, for people. */
  public String url() {
    return "http://" + endpoint() + "/";
  }
}
