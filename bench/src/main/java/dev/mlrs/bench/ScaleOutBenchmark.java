package dev.mlrs.bench;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.app.TopicSetup;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Agent instances in JVMs of their own on {@link #PARTITIONS} partitions: the drain rate of one backlog with 1, 2
 * and 3 instances, and the longest round trip while one of three instances leaves (SIGTERM) and rejoins, with and
 * without a standby replica of each task.
 */
final class ScaleOutBenchmark {
  static final int PARTITIONS = 12;
  /** Jobs and total report rate of the load that runs while an instance leaves and rejoins. */
  static final int HANDOVER_JOBS = 120;
  static final double HANDOVER_RATE = 100;
  /** Load before the measured part, not recorded: the instances' JVMs are cold (JIT) at first. */
  private static final Duration WARM_UP = Duration.ofSeconds(20);
  private static final Duration BEFORE = Duration.ofSeconds(10);
  private static final Duration AWAY = Duration.ofSeconds(25);
  private static final Duration AFTER = Duration.ofSeconds(30);

  private ScaleOutBenchmark() {
  }

  /** The drain rate of {@code jobs x steps} reports by {@code instances} instances (steady part: 10 % to 90 %). */
  static double drainRate(AgentSettings settings, AgentProcess.Launcher launcher, Path dir, int instances, int jobs,
                          int steps, PrintStream progress) throws Exception {
    AgentSettings s = settings.withPartitions(PARTITIONS);
    TopicSetup.ensure(s);
    ThroughputBenchmark.writeBacklog(s, jobs, steps);
    long expected = (long) jobs * steps;
    List<AgentProcess> agents = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = BenchClients.lrReader(s, true)) {
      for (int i = 0; i < instances; i++) {
        agents.add(AgentProcess.start(launcher, config(s, dir, "drain" + instances + "-" + i, 0), dir,
            "drain" + instances + "-" + i));
      }
      long seen = 0;
      long from = 0;
      long fromCount = 0;
      long to = 0;
      long toCount = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (seen < expected) {
        seen += consumer.poll(Duration.ofMillis(50)).count();
        if (from == 0 && seen >= expected / 10) {
          from = System.nanoTime();
          fromCount = seen;
        }
        if (to == 0 && seen >= expected * 9 / 10) {
          to = System.nanoTime();
          toCount = seen;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(instances + " instances: only " + seen + " of " + expected + " replies");
        }
      }
      double rate = (toCount - fromCount) / ((to - from) / 1e9);
      progress.printf("  %d instance(s): %.0f reports/s%n", instances, rate);
      return rate;
    } finally {
      for (AgentProcess a : agents) {
        a.close();
      }
    }
  }

  /**
   * @param steadyMs   round trips in the {@link #BEFORE} before the instance leaves (after {@link #WARM_UP})
   * @param leavingMs  round trips of reports sent in the {@link #AWAY} after it left
   * @param rejoinMs   round trips of reports sent in the {@link #AFTER} after it started again
   * @param unanswered reports never answered (must be 0)
   */
  record Handover(int standbys, double[] steadyMs, double[] leavingMs, double[] rejoinMs, long unanswered) {
  }

  static Handover handover(AgentSettings settings, AgentProcess.Launcher launcher, Path dir, int standbys,
                           PrintStream progress) throws Exception {
    AgentSettings s = settings.withPartitions(PARTITIONS);
    TopicSetup.ensure(s);
    List<AgentProcess> agents = new ArrayList<>();
    String tag = "standby" + standbys + "-";
    try (KafkaConsumer<byte[], byte[]> consumer = BenchClients.lrReader(s, false);
         KafkaProducer<String, byte[]> producer = BenchClients.jobProducer(s)) {
      for (int i = 0; i < 3; i++) {
        agents.add(AgentProcess.start(launcher, config(s, dir, tag + i, standbys), dir, tag + i));
      }
      for (AgentProcess a : agents) {
        a.awaitServing(Duration.ofMinutes(2));
      }
      awaitStable(agents, Duration.ofMinutes(2));
      progress.printf("  %d standby replica(s): 3 instances serving; load of %d jobs at %.0f reports/s%n", standbys,
          HANDOVER_JOBS, HANDOVER_RATE);
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      Map<String, Long> receivedAt = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      Thread receiver = new Thread(() -> {
        while (!stop.get()) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
            LrDecision d = MlrsSerdes.LR_DECISION.decode(r.value());
            receivedAt.putIfAbsent(d.getJob() + "/" + d.getStep(), System.nanoTime());
          }
        }
      }, "handover-receiver");
      receiver.setDaemon(true);
      receiver.start();
      long start = System.nanoTime();
      long measureFrom = start + WARM_UP.toNanos();
      long leaveAt = measureFrom + BEFORE.toNanos();
      long rejoinAt = leaveAt + AWAY.toNanos();
      long end = rejoinAt + AFTER.toNanos();
      boolean left = false;
      boolean rejoined = false;
      long sent = 0;
      while (System.nanoTime() < end) {
        long due = start + (long) (sent * 1e9 / HANDOVER_RATE);
        long now = System.nanoTime();
        if (!left && now >= leaveAt) {
          progress.println("  instance 3 leaves (SIGTERM) ...");
          agents.get(2).stop();
          left = true;
        } else if (!rejoined && now >= rejoinAt) {
          progress.println("  instance 3 starts again ...");
          agents.set(2, AgentProcess.start(launcher, config(s, dir, tag + 2, standbys), dir, tag + "2-again"));
          rejoined = true;
        }
        if (now < due) {
          Thread.sleep(0, 200_000);
          continue;
        }
        String job = "handover-" + (sent % HANDOVER_JOBS);
        long step = sent / HANDOVER_JOBS;
        StepReport report = StepReport.newBuilder().setJob(job).setStep(step).setLoss(2.3 - 1e-4 * step)
            .setLearner("default").setMode(LearnerMode.FROZEN).setNumClasses(10).setReferenceLoss(2.3).build();
        sentAt.put(job + "/" + step, System.nanoTime());
        producer.send(new ProducerRecord<>(s.topics().steps(), job, MlrsSerdes.STEP_REPORT.encode(report)));
        sent++;
      }
      // Every report must be answered; give the last ones time.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (receivedAt.size() < sentAt.size() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      stop.set(true);
      receiver.join(5_000);
      List<Double> steady = new ArrayList<>();
      List<Double> leaving = new ArrayList<>();
      List<Double> rejoin = new ArrayList<>();
      long unanswered = 0;
      for (Map.Entry<String, Long> e : sentAt.entrySet()) {
        Long got = receivedAt.get(e.getKey());
        if (got == null) {
          unanswered++;
          continue;
        }
        double ms = (got - e.getValue()) / 1e6;
        long t = e.getValue();
        if (t < measureFrom) {
          continue;
        }
        (t < leaveAt ? steady : t < rejoinAt ? leaving : rejoin).add(ms);
      }
      return new Handover(standbys, toArray(steady), toArray(leaving), toArray(rejoin), unanswered);
    } finally {
      for (AgentProcess a : agents) {
        a.close();
      }
    }
  }

  private static void awaitStable(List<AgentProcess> agents, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    int stableChecks = 0;
    while (stableChecks < 20) {   // 2 s in RUNNING on every instance
      stableChecks = agents.stream().allMatch(AgentProcess::running) ? stableChecks + 1 : 0;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("instances did not settle in RUNNING within " + limit);
      }
      Thread.sleep(100);
    }
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** One instance's configuration: the bench's cluster and topics, its own state directory. */
  private static Properties config(AgentSettings s, Path dir, String name, int standbys) {
    Properties p = new Properties();
    p.putAll(s.extraStreamsProperties());
    p.setProperty("bootstrap.servers", s.bootstrapServers());
    p.setProperty("mlrs.topic.prefix", s.topicPrefix());
    p.setProperty("mlrs.partitions", Integer.toString(PARTITIONS));
    p.setProperty("mlrs.state.dir", dir.resolve(name + "-state").toString());
    p.setProperty("mlrs.exactly.once", Boolean.toString(s.exactlyOnce()));
    p.setProperty("mlrs.commit.interval.ms", Long.toString(s.commitInterval().toMillis()));
    p.setProperty("num.standby.replicas", Integer.toString(standbys));
    p.setProperty("mlrs.http.port", "0");   // no live view: three instances on one machine
    return p;
  }
}
