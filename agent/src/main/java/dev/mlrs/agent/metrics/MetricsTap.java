package dev.mlrs.agent.metrics;

import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A pass-through node put in front of a sink: it shows each record to a metrics callback and forwards it
 * unchanged. The topology gives the tap the name the processors forward to, so they need no change to be
 * counted (e.g. every dead letter, from whichever processor, on its way to {@code rejected}).
 */
public final class MetricsTap<K, V> implements Processor<K, V, K, V> {
  private final Consumer<V> observer;
  private ProcessorContext<K, V> context;

  public MetricsTap(Consumer<V> observer) {
    this.observer = observer;
  }

  @Override
  public void init(ProcessorContext<K, V> context) {
    this.context = context;
  }

  @Override
  public void process(Record<K, V> record) {
    if (record.value() != null) {
      observer.accept(record.value());
    }
    context.forward(record);
  }
}
