package dev.mlrs.sim.job;

import dev.mlrs.client.LrReply;
import dev.mlrs.client.LrSource;
import java.util.function.Consumer;

/** Passes every call to another LR source and hands each step's record to a consumer (results, progress). */
public final class RecordingLrSource implements LrSource {
  private final LrSource delegate;
  private final Consumer<StepRecord> onStep;

  public RecordingLrSource(LrSource delegate, Consumer<StepRecord> onStep) {
    this.delegate = delegate;
    this.onStep = onStep;
  }

  @Override
  public LrReply report(long step, double loss) {
    LrReply reply = delegate.report(step, loss);
    StepRecord record = new StepRecord(step, loss, reply.lr(), reply.fallback(), reply.learnerVersion(),
        reply.roundTripNanos() / 1e6);
    onStep.accept(record);
    return reply;
  }

  @Override
  public boolean validationDue(long step) {
    return delegate.validationDue(step);
  }

  @Override
  public void reportValidation(long step, double valLoss, double hypergradient) {
    delegate.reportValidation(step, valLoss, hypergradient);
  }
}
