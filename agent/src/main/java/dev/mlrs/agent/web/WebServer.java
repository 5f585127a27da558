package dev.mlrs.agent.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlrs.agent.app.HttpSettings;
import dev.mlrs.agent.metrics.AgentMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent instance's HTTP server (the JDK's, no framework): the live page ({@code /}), its JSON API
 * ({@code /api/jobs}, {@code /api/jobs/{id}}, {@code /api/learners}) and Prometheus metrics ({@code /metrics}).
 * It is bound before Kafka Streams starts (its address is the instance's application.server) and answers
 * 503 to API calls until {@link #attach} hands it the running streams.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  private static final Map<String, String> PAGES = Map.of(
      "/", "index.html", "/index.html", "index.html", "/app.js", "app.js");

  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpSettings settings;
  private final AgentMetrics metrics;
  private final ObjectMapper json = new ObjectMapper();
  private volatile LiveApi api;

  private WebServer(HttpServer server, ExecutorService executor, HttpSettings settings, AgentMetrics metrics) {
    this.server = server;
    this.executor = executor;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** Binds the port of {@code settings} on all interfaces and starts serving. */
  public static WebServer start(HttpSettings settings, AgentMetrics metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.port()), 0);
    } catch (BindException e) {
      throw new IllegalStateException("HTTP port " + settings.port() + " is in use: choose another with "
          + "mlrs.http.port (--http-port), or 0 for no HTTP server", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the HTTP server on port " + settings.port(), e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "mlrs-http");
      t.setDaemon(true);
      return t;
    });
    WebServer web = new WebServer(server, executor, settings, metrics);
    server.createContext("/", web::handle);
    server.setExecutor(executor);
    server.start();
    return web;
  }

  /** From now on the API answers from these streams. */
  public void attach(KafkaStreams streams) {
    api = new LiveApi(streams, new HostInfo(settings.advertisedHost(), settings.port()), json);
  }

  public String url() {
    return settings.url();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain", "only GET");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      boolean local = "local=true".equals(exchange.getRequestURI().getQuery());
      if (PAGES.containsKey(path)) {
        page(exchange, PAGES.get(path));
      } else if (path.equals("/metrics")) {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
      } else if (path.startsWith("/api/")) {
        api(exchange, path, local);
      } else {
        send(exchange, 404, "text/plain", "not found: " + path);
      }
    } catch (RuntimeException e) {
      LOG.warn("HTTP {} failed", exchange.getRequestURI(), e);
    }
  }

  private void api(HttpExchange exchange, String path, boolean local) throws IOException {
    LiveApi now = api;
    LiveApi.Reply reply;
    try {
      if (now == null) {
        reply = new LiveApi.Reply(503, Map.of("error", "the agent is starting"));
      } else if (path.equals("/api/jobs")) {
        reply = now.jobs(local);
      } else if (path.startsWith("/api/jobs/") && path.length() > "/api/jobs/".length()) {
        reply = now.job(URLDecoder.decode(path.substring("/api/jobs/".length()), StandardCharsets.UTF_8), local);
      } else if (path.equals("/api/learners")) {
        reply = now.learners();
      } else {
        reply = new LiveApi.Reply(404, Map.of("error", "no such API: " + path));
      }
    } catch (InvalidStateStoreException e) {
      reply = new LiveApi.Reply(503, Map.of("error", "state not queryable now (rebalancing?): " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply = new LiveApi.Reply(503, Map.of("error", "interrupted"));
    } catch (IOException e) {
      reply = new LiveApi.Reply(502, Map.of("error", "the owning instance did not answer: " + e.getMessage()));
    }
    send(exchange, reply.status(), "application/json", json.writeValueAsString(reply.body()));
  }

  private void page(HttpExchange exchange, String file) throws IOException {
    try (InputStream in = WebServer.class.getResourceAsStream(file)) {
      if (in == null) {
        send(exchange, 404, "text/plain", "missing resource " + file);
        return;
      }
      String type = file.endsWith(".js") ? "text/javascript" : "text/html";
      send(exchange, 200, type + "; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
