package dev.mlrs.client.dl4j;

import dev.mlrs.client.LrReply;
import dev.mlrs.client.LrSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/** An LrSource that serves a distinct LR per step and records what the listener sends. */
final class ScriptedLrSource implements LrSource {

  record Validation(long step, double valLoss, double hypergradient) {
  }

  final List<Long> steps = new ArrayList<>();
  final List<Double> losses = new ArrayList<>();
  final List<Validation> validations = new ArrayList<>();
  private final int validateEvery;
  LongPredicate fallbackAt = step -> false;

  ScriptedLrSource(int validateEvery) {
    this.validateEvery = validateEvery;
  }

  static double lrFor(long step) {
    return 0.05 + 0.01 * step;
  }

  @Override
  public LrReply report(long step, double loss) {
    steps.add(step);
    losses.add(loss);
    if (fallbackAt.test(step)) {
      return new LrReply(step, 0.001, true, "no reply within 5000 ms", null, -1, -1, Double.NaN, Double.NaN, false, 0);
    }
    double lr = lrFor(step);
    return new LrReply(step, lr, false, null, "default", 3, 0, 1.0, lr, false, 1_000);
  }

  @Override
  public boolean validationDue(long step) {
    return (step + 1) % validateEvery == 0;
  }

  @Override
  public void reportValidation(long step, double valLoss, double hypergradient) {
    validations.add(new Validation(step, valLoss, hypergradient));
  }
}
