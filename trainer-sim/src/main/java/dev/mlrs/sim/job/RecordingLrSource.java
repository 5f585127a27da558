package dev.mlrs.sim.job;

import dev.mlrs.client.LrReply;
import dev.mlrs.client.LrSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** Passes every call to another LR source and keeps a record of each step (for results and progress). */
public final class RecordingLrSource implements LrSource {
  private final LrSource delegate;
  private final Consumer<StepRecord> onStep;
  private final List<StepRecord> records = Collections.synchronizedList(new ArrayList<>());

  public RecordingLrSource(LrSource delegate, Consumer<StepRecord> onStep) {
    this.delegate = delegate;
    this.onStep = onStep;
  }

  @Override
  public LrReply report(long step, double loss) {
    LrReply reply = delegate.report(step, loss);
    StepRecord record = new StepRecord(step, loss, reply.lr(), reply.fallback(), reply.learnerVersion(),
        reply.roundTripNanos() / 1e6);
    records.add(record);
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

  public List<StepRecord> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }
}
