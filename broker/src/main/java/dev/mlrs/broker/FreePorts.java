package dev.mlrs.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds ports that are free right now. Another process may still take one before the broker binds it. */
final class FreePorts {

  private FreePorts() {
  }

  static int pick() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on the loopback interface", e);
    }
  }

  /** A free port different from {@code other} (the kernel may hand back the port it just released). */
  static int pickOtherThan(int other) {
    for (int attempt = 0; attempt < 10; attempt++) {
      int port = pick();
      if (port != other) {
        return port;
      }
    }
    throw new IllegalStateException("the kernel keeps offering port " + other + " only");
  }
}
