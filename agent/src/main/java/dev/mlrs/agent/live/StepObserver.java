package dev.mlrs.agent.live;

import dev.mlrs.agent.metrics.AgentMetrics;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.LrDecision;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sees every decision of the step processor: keeps the job's recent history for the live view and counts the
 * decision in the metrics. It forwards nothing; the reply itself goes to {@code lr} from the step processor.
 */
public final class StepObserver implements Processor<String, ServedStep, Void, Void> {
  private final String storeName;
  private final AgentMetrics metrics;
  private KeyValueStore<String, byte[]> history;
  private ProcessorContext<Void, Void> context;

  public StepObserver(String storeName, AgentMetrics metrics) {
    this.storeName = storeName;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.history = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, ServedStep> record) {
    LrDecision decision = record.value().decision();
    boolean ok = decision.getStatus() == DecisionStatus.OK;
    metrics.decision(record.key(), ok, context.currentSystemTimeMs() - record.timestamp());
    if (!ok || record.key() == null) {
      return;   // a rejected step (e.g. a repeated one) must not overwrite the served step in its slot
    }
    HistoryPoint point = new HistoryPoint(decision.getStep(), record.value().report().getLoss(),
        decision.getLr(), decision.getLearnerVersion(), record.timestamp());
    history.put(JobHistory.key(record.key(), point.step()), point.encode());
  }
}
