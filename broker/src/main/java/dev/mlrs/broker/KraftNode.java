package dev.mlrs.broker;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One node's place in a KRaft cluster: its id, how it finds the controller quorum, and the replication the
 * cluster's internal topics and new topics get.
 *
 * <p>A single node forms a dynamic quorum of itself (formatted with {@code --standalone}). Nodes of a
 * multi-node cluster name every voter up front ({@code controller.quorum.voters}, a static quorum): every node
 * starts knowing the whole quorum, so the nodes can start in any order and none has to join the others later.
 *
 * @param nodeId            the node.id
 * @param voters            controller endpoints by node id; empty for the standalone single node
 * @param replicationFactor replication of internal topics and the default of new topics
 * @param minInsyncReplicas min.insync.replicas, also of the transaction state log
 */
record KraftNode(int nodeId, Map<Integer, String> voters, int replicationFactor, int minInsyncReplicas) {

  static final int SINGLE_NODE_ID = 1;

  KraftNode {
    voters = Map.copyOf(voters);
    if (replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException("need 1 <= min.insync.replicas <= replication factor, got "
          + minInsyncReplicas + " and " + replicationFactor);
    }
    if (!voters.isEmpty() && replicationFactor > voters.size()) {
      throw new IllegalArgumentException("replication factor " + replicationFactor + " needs at least that many "
          + "brokers, the cluster has " + voters.size());
    }
  }

  /** The node that is the whole cluster: replication 1. */
  static KraftNode standalone() {
    return new KraftNode(SINGLE_NODE_ID, Map.of(), 1, 1);
  }

  boolean isStandalone() {
    return voters.isEmpty();
  }

  /** {@code 1@host:port,2@host:port,...} in node id order. */
  String votersProperty() {
    return voters.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "@" + e.getValue()).collect(Collectors.joining(","));
  }
}
