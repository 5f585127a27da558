package dev.mlrs.broker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The two ports of the combined broker+controller: clients talk to {@code client}, KRaft to {@code controller}. */
record BrokerPorts(int client, int controller) {

  static final String HOST = "127.0.0.1";

  /** Picks free ports where none were asked for. */
  static BrokerPorts choose(int requestedClientPort) {
    int client = requestedClientPort != 0 ? requestedClientPort : FreePorts.pick();
    return new BrokerPorts(client, FreePorts.pickOtherThan(client));
  }

  /** Ports for {@code nodes} nodes of one cluster, all different (the kernel may offer a released port again). */
  static List<BrokerPorts> chooseDistinct(int nodes) {
    Set<Integer> taken = new HashSet<>();
    List<BrokerPorts> chosen = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      chosen.add(new BrokerPorts(pickNotIn(taken), pickNotIn(taken)));
    }
    return chosen;
  }

  private static int pickNotIn(Set<Integer> taken) {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port = FreePorts.pick();
      if (taken.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("the kernel keeps offering ports already chosen: " + taken);
  }

  String bootstrapServers() {
    return HOST + ":" + client;
  }

  String controllerEndpoint() {
    return HOST + ":" + controller;
  }
}
