package dev.mlrs.sim.schedule;

import dev.mlrs.client.dl4j.ServedLearningRate;
import java.util.List;

/** The holders a net's {@code ServedLrSchedule}s read (one, or one per layer for a net restored from JSON). */
final class LrHolders {

  private final List<ServedLearningRate> holders;

  LrHolders(List<ServedLearningRate> holders) {
    if (holders == null || holders.isEmpty()) {
      throw new IllegalArgumentException("at least one ServedLearningRate is needed");
    }
    this.holders = List.copyOf(holders);
  }

  void set(double lr) {
    for (ServedLearningRate holder : holders) {
      holder.set(lr);
    }
  }
}
