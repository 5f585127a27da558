package dev.mlrs.client.dl4j;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * An ND4J schedule whose value is whatever the service served for the current step:
 * {@code new Sgd(new ServedLrSchedule(lr))}. It ignores iteration and epoch; the holder is set per step.
 *
 * <p>DL4J clones updater configurations (network init, layer configs); {@link #clone()} therefore
 * returns a schedule that shares this one's holder. JSON keeps only the current value: a network
 * configuration read back from JSON gets a new, unshared holder starting at that value.
 */
public final class ServedLrSchedule implements ISchedule {

  private static final long serialVersionUID = 1L;

  @JsonIgnore
  private final ServedLearningRate lr;

  public ServedLrSchedule(ServedLearningRate lr) {
    if (lr == null) {
      throw new IllegalArgumentException("a ServedLearningRate is required");
    }
    this.lr = lr;
  }

  @JsonCreator
  private ServedLrSchedule(@JsonProperty("value") double value) {
    this(new ServedLearningRate(value));
  }

  /** The holder this schedule reads. */
  public ServedLearningRate servedLearningRate() {
    return lr;
  }

  /** The current value, for JSON. */
  @JsonProperty("value")
  double currentValue() {
    return lr.get();
  }

  @Override
  public double valueAt(int iteration, int epoch) {
    return lr.get();
  }

  /** Shares the holder: a clone must see the LRs set after it was made. */
  @Override
  public ISchedule clone() {
    return new ServedLrSchedule(lr);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServedLrSchedule schedule && schedule.lr == lr;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(lr);
  }

  @Override
  public String toString() {
    return "ServedLrSchedule(" + lr.get() + ")";
  }
}
