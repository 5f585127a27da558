package dev.mlrs.agent.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/** Asks another agent instance's HTTP server a local question (a job it owns, its own job list). */
final class Peers {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** The peer's answer: its status code and body. */
  record Answer(int status, String body) {
  }

  Answer job(HostInfo host, String job) throws IOException, InterruptedException {
    return get(host, "/api/jobs/" + URLEncoder.encode(job, StandardCharsets.UTF_8).replace("+", "%20")
        + "?local=true");
  }

  Answer jobs(HostInfo host) throws IOException, InterruptedException {
    return get(host, "/api/jobs?local=true");
  }

  private Answer get(HostInfo host, String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
        .timeout(TIMEOUT).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }
}
