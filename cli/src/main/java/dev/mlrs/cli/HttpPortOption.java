package dev.mlrs.cli;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.HttpSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import picocli.CommandLine.Option;

/**
 * The agent's HTTP port (live view, JSON API, /metrics) for the commands that run an agent for a person to
 * watch. Given: that port, or 0 for none. Not given: mlrs.http.port of the config file if it has one, else
 * {@value HttpSettings#DEFAULT_CLI_PORT}, or no HTTP server (with a note) when that port is taken.
 */
final class HttpPortOption {
  @Option(names = "--http-port", paramLabel = "PORT",
      description = "Port of the live view and /metrics (default: mlrs.http.port of --config, else "
          + HttpSettings.DEFAULT_CLI_PORT + "; 0 = none).")
  Integer port;

  AgentSettings apply(AgentSettings settings, boolean configured, PrintStream out) {
    if (port != null) {
      return settings.withHttp(new HttpSettings(port, settings.http().advertisedHost()));
    }
    if (configured) {
      return settings;
    }
    int fallback = HttpSettings.DEFAULT_CLI_PORT;
    if (!free(fallback)) {
      out.println("Port " + fallback + " is taken: no live view this time (choose one with --http-port).");
      return settings;
    }
    return settings.withHttp(new HttpSettings(fallback, settings.http().advertisedHost()));
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
