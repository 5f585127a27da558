package dev.mlrs.bench;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.MlrsAgent;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Many jobs attached to one agent at once: {@code jobs} job ids report steps round-robin at a fixed total rate
 * (open loop, as independent jobs do), and every reply's round trip is timed from its report's send. The first
 * step of every job (its state is created) is not timed. Afterwards: the job state's size per job.
 */
final class ConcurrentJobsBenchmark {
  private ConcurrentJobsBenchmark() {
  }

  /**
   * @param roundTripsMs every timed round trip
   * @param repliesPerSecond replies received per second over the timed steps
   * @param stateBytes    job state per job: median and largest
   */
  record Result(double[] roundTripsMs, double repliesPerSecond, long[] stateBytes) {
  }

  static Result run(AgentSettings settings, int jobs, int steps, double reportsPerSecond, PrintStream progress)
      throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    double[] rtt = new double[jobs * (steps - 1)];
    AtomicLong timed = new AtomicLong();
    AtomicLong replies = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    try (MlrsAgent agent = MlrsAgent.start(settings, Duration.ofMinutes(2));
         KafkaProducer<String, byte[]> producer = BenchClients.jobProducer(settings);
         KafkaConsumer<byte[], byte[]> consumer = BenchClients.lrReader(settings, false)) {
      Thread receiver = new Thread(() -> {
        while (!stop.get()) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
            long now = System.nanoTime();
            LrDecision d = MlrsSerdes.LR_DECISION.decode(r.value());
            if (d.getStatus() != DecisionStatus.OK) {
              throw new IllegalStateException("job " + d.getJob() + " step " + d.getStep() + " rejected: "
                  + d.getReason());
            }
            replies.incrementAndGet();
            Long sent = sentAt.remove(d.getJob() + "/" + d.getStep());
            if (sent != null && d.getStep() > 0 && timed.get() < rtt.length) {
              rtt[(int) timed.getAndIncrement()] = (now - sent) / 1e6;
            }
          }
        }
      }, "concurrent-jobs-receiver");
      receiver.setDaemon(true);
      receiver.start();
      long start = System.nanoTime();
      long timedStart = 0;
      long sent = 0;
      for (int step = 0; step < steps; step++) {
        if (step == 1) {
          awaitReplies(replies, jobs, Duration.ofMinutes(5));
          timedStart = System.nanoTime();
          start = timedStart;
          sent = 0;
        }
        for (int j = 0; j < jobs; j++) {
          // Paced: report number `sent` is due at start + sent / rate.
          long due = start + (long) (sent * 1e9 / reportsPerSecond);
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
          String job = "many-" + j;
          StepReport report = StepReport.newBuilder().setJob(job).setStep(step).setLoss(2.3 - 1e-3 * step)
              .setLearner("default").setMode(LearnerMode.FROZEN).setNumClasses(10).setReferenceLoss(2.3).build();
          sentAt.put(job + "/" + step, System.nanoTime());
          producer.send(new ProducerRecord<>(settings.topics().steps(), job, MlrsSerdes.STEP_REPORT.encode(report)));
          sent++;
        }
        progress.printf("  step %d of %d sent to %d jobs%n", step + 1, steps, jobs);
      }
      producer.flush();
      awaitReplies(replies, (long) jobs * steps, Duration.ofMinutes(5));
      double seconds = (System.nanoTime() - timedStart) / 1e9;
      stop.set(true);
      receiver.join(5_000);
      long[] state = ThroughputBenchmark.jobStateBytes(settings);
      double[] measured = java.util.Arrays.copyOf(rtt, (int) timed.get());
      return new Result(measured, (double) jobs * (steps - 1) / seconds, state);
    }
  }

  private static void awaitReplies(AtomicLong replies, long expected, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (replies.get() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + replies.get() + " of " + expected + " replies after " + limit);
      }
      Thread.sleep(10);
    }
  }
}
