package dev.mlrs.broker;

/** The two ports of the combined broker+controller: clients talk to {@code client}, KRaft to {@code controller}. */
record BrokerPorts(int client, int controller) {

  static final String HOST = "127.0.0.1";

  /** Picks free ports where none were asked for. */
  static BrokerPorts choose(int requestedClientPort) {
    int client = requestedClientPort != 0 ? requestedClientPort : FreePorts.pick();
    return new BrokerPorts(client, FreePorts.pickOtherThan(client));
  }

  String bootstrapServers() {
    return HOST + ":" + client;
  }

  String controllerEndpoint() {
    return HOST + ":" + controller;
  }
}
