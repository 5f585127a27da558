package dev.mlrs.client;

import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.EsEnrolment;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.TopicNames;
import dev.mlrs.schemas.ValidationReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training job's connection to the LR service: one step report per step, one LR back.
 *
 * <pre>{@code
 * try (LrClient client = LrClient.attach(ClientSettings.of("broker:9092"),
 *     JobOptions.builder("resnet18-run-7").numClasses(10).referenceLoss(2.30).initialFallbackLr(0.1).build())) {
 *   for (long step = 0; step < steps; step++) {
 *     double loss = ...;                            // minibatch loss at the current weights
 *     double lr = client.report(step, loss).lr();   // served, or the fallback: never stalls, never throws
 *     ...                                           // apply the update with lr
 *   }
 * }
 * }</pre>
 *
 * <p>Once attached the client never throws because of the service: a missing, late or rejected reply
 * gives the fallback LR (with {@link LrReply#fallback()} set and the reason), and a WARN is logged the
 * first time and every 100th time. Caller errors (steps that do not increase, a closed client) throw.
 *
 * <p>Kafka side: an idempotent producer (acks=all, linger 0) writes step reports; a consumer without a
 * group is assigned only this job's partition of the lr topic, starts at its end, reads committed
 * records only and runs in a daemon thread that completes the waiting step whose job and step match.
 * Thread-safe; steps must still be reported in increasing order.
 */
public final class LrClient implements AsyncLrSource, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LrClient.class);
  private static final int WARN_EVERY = 100;

  private final JobOptions options;
  private final String jobId;
  private final TopicNames topics;
  private final Producer<String, byte[]> producer;
  private final DecisionPoller poller;
  private final PendingSteps pending = new PendingSteps();
  private final AnsweredSteps answered = new AnsweredSteps();
  private final StatsRecorder stats = new StatsRecorder();
  private final ScheduledThreadPoolExecutor timer;
  private final CircuitBreaker breaker;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object sendLock = new Object();
  private long lastStep = -1; // guarded by sendLock
  private boolean runResultSent; // guarded by sendLock
  private final EsEnrolment es;
  private volatile double referenceLoss;
  private volatile double lastServedLr = Double.NaN;
  /** Set once a reply arrived or the first wait ran out: from then on the normal reply timeout applies. */
  private volatile boolean warm;

  private LrClient(JobOptions options, TopicNames topics, Producer<String, byte[]> producer,
                   Consumer<String, byte[]> consumer, CircuitBreaker breaker) {
    this.options = options;
    this.breaker = breaker;
    this.jobId = options.jobId();
    this.topics = topics;
    this.producer = producer;
    this.referenceLoss = options.referenceLoss();
    this.es = options.esEnrolment();
    this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "mlrs-client-" + jobId + "-timeouts");
      thread.setDaemon(true);
      return thread;
    });
    this.timer.setRemoveOnCancelPolicy(true); // most timeouts are cancelled by a reply
    this.poller = new DecisionPoller(consumer, this::onRecord, jobId);
    this.poller.start();
  }

  /**
   * Connects a job to the service. Blocks until the client knows its reply partition and the topics'
   * metadata (bounded by the Kafka timeouts: max.block.ms, default.api.timeout.ms).
   *
   * @throws MlrsAttachException when the cluster or the service's topics cannot be reached
   */
  public static LrClient attach(ClientSettings settings, JobOptions options) {
    return attach(settings, options, KafkaClientFactory.REAL);
  }

  static LrClient attach(ClientSettings settings, JobOptions options, KafkaClientFactory kafka) {
    return attach(settings, options, kafka, CircuitBreaker.standard());
  }

  static LrClient attach(ClientSettings settings, JobOptions options, KafkaClientFactory kafka,
                         CircuitBreaker breaker) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(options, "options");
    TopicNames topics = settings.topics();
    Producer<String, byte[]> producer = null;
    Consumer<String, byte[]> consumer = null;
    try {
      producer = kafka.producer(KafkaConfigs.producer(settings, options));
      consumer = kafka.consumer(KafkaConfigs.consumer(settings, options.jobId()));
      TopicPartition replies = assignReplyPartition(consumer, topics.lr(), options.jobId());
      // Load the metadata of the topics we write now, so that report() never waits for it.
      producer.partitionsFor(topics.steps());
      if (options.mode() == LearnerMode.LEARN) {
        producer.partitionsFor(topics.validation());
      }
      if (options.enrolled()) {
        producer.partitionsFor(topics.runResults());
      }
      LrClient client = new LrClient(options, topics, producer, consumer, breaker);
      log.info("mlrs client attached: {}, replies on {}", options, replies);
      return client;
    } catch (RuntimeException e) {
      closeQuietly(producer);
      closeQuietly(consumer);
      throw new MlrsAttachException("could not attach job '" + options.jobId() + "' to the mlrs service at "
          + settings.bootstrapServers() + " (topic prefix '" + settings.topicPrefix() + "'): " + e.getMessage(), e);
    }
  }

  private static TopicPartition assignReplyPartition(Consumer<String, byte[]> consumer, String lrTopic,
                                                     String jobId) {
    List<PartitionInfo> partitions = consumer.partitionsFor(lrTopic);
    if (partitions == null || partitions.isEmpty()) {
      throw new IllegalStateException("topic " + lrTopic + " does not exist (is the agent deployed?)");
    }
    TopicPartition partition = new TopicPartition(lrTopic, ReplyPartition.of(jobId, partitions.size()));
    consumer.assign(List.of(partition));
    consumer.seekToEnd(List.of(partition));
    // Resolve the end offset now: a reply written after attach returns is then never skipped.
    consumer.position(partition);
    return partition;
  }

  /**
   * Reports a step and waits for its LR: at most the reply timeout (the first reply timeout until the
   * service has answered once). Returns the fallback LR when no usable reply comes in time.
   *
   * @param step the step number: >= 0, greater than every step reported before
   * @param loss the minibatch training loss at the current weights, before the update
   */
  @Override
  public LrReply report(long step, double loss) {
    return reportAsync(step, loss).join();
  }

  /** Like {@link #report} without blocking; the future always completes normally, at the latest on timeout. */
  @Override
  public CompletableFuture<LrReply> reportAsync(long step, double loss) {
    PendingSteps.Waiting entry;
    synchronized (sendLock) { // keeps the steps on the wire in the order of their numbers
      requireOpen();
      if (step < 0) {
        throw new IllegalArgumentException("step must be >= 0, got " + step);
      }
      if (step <= lastStep) {
        throw new IllegalArgumentException("steps must strictly increase: got " + step + " after " + lastStep);
      }
      lastStep = step;
      if (!breaker.allowRequest()) {
        // The service has not answered several steps in a row: do not wait the timeout again until the cool-down
        // is over. The step still goes to the topic, so the run's record and the agent's state of the job stay
        // complete; its reply, if it comes, is ignored.
        String reason = "no reply to the last steps (circuit breaker open): fallback without waiting, next try in "
            + breaker.millisUntilRetry() + " ms";
        sendUnawaited(step, loss);
        return CompletableFuture.completedFuture(LrReply.fallback(step, fallbackLr(step, reason), reason, 0L));
      }
      boolean validate = validationDue(step);
      byte[] value = MlrsSerdes.STEP_REPORT.encode(stepReport(step, loss, validate));
      Duration timeout = warm ? options.replyTimeout() : options.firstReplyTimeout();
      entry = new PendingSteps.Waiting(step, System.nanoTime(), validate);
      pending.add(entry);
      entry.timeout(timer.schedule(() -> onTimeout(entry, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS));
      stats.reportSent();
      try {
        producer.send(new ProducerRecord<>(topics.steps(), jobId, value), (metadata, error) -> {
          if (error != null) {
            onSendFailure(entry, error);
          }
        });
      } catch (RuntimeException e) {
        onSendFailure(entry, e);
      }
    }
    return entry.reply;
  }

  /** Sends a step report nobody waits for (no validation is asked for it: its LR is a fallback). */
  private void sendUnawaited(long step, double loss) {
    byte[] value = MlrsSerdes.STEP_REPORT.encode(stepReport(step, loss, false));
    stats.reportSent();
    try {
      producer.send(new ProducerRecord<>(topics.steps(), jobId, value), (metadata, error) -> {
        if (error != null) {
          stats.sendFailure();
        }
      });
    } catch (RuntimeException e) {
      stats.sendFailure();
    }
  }

  /** True when this is a LEARN job and (step + 1) % validateEvery == 0. */
  @Override
  public boolean validationDue(long step) {
    return options.validationDue(step);
  }

  /**
   * Sends the clean-validation hypergradient of a validation step, after its LR was received. Skipped
   * (counted in {@link ClientStats#validationsSkipped()}, not sent) when that LR was a fallback (the
   * hypergradient would refer to an LR the service did not choose) or when the hypergradient is not
   * finite.
   *
   * @throws IllegalStateException    for a FROZEN job
   * @throws IllegalArgumentException for a step that is not a validation step
   */
  @Override
  public void reportValidation(long step, double valLoss, double hypergradient) {
    requireOpen();
    if (options.mode() != LearnerMode.LEARN) {
      throw new IllegalStateException("job " + jobId + " is FROZEN: only LEARN jobs send validation reports");
    }
    if (!validationDue(step)) {
      throw new IllegalArgumentException("step " + step
          + " is not a validation step: they are the steps with (step + 1) % "
          + options.validateEvery() + " == 0");
    }
    if (!pending.takeServedValidationStep(step)) {
      stats.validationSkipped();
      log.debug("mlrs client: no validation report for step {} of job {}: no served LR for it", step, jobId);
      return;
    }
    if (!Double.isFinite(hypergradient)) {
      stats.validationSkipped();
      log.warn("mlrs client: no validation report for step {} of job {}: hypergradient is {}", step, jobId,
          hypergradient);
      return;
    }
    ValidationReport report = ValidationReport.newBuilder()
        .setJob(jobId).setStep(step).setValLoss(valLoss).setHypergradient(hypergradient).build();
    try {
      producer.send(new ProducerRecord<>(topics.validation(), jobId, MlrsSerdes.VALIDATION_REPORT.encode(report)),
          (metadata, error) -> {
            if (error != null) {
              log.warn("mlrs client: validation report for step {} of job {} was not delivered", step, jobId, error);
            }
          });
      stats.validationSent();
    } catch (RuntimeException e) {
      stats.validationSkipped();
      log.warn("mlrs client: could not send the validation report for step {} of job {}", step, jobId, e);
    }
  }

  /**
   * Sends how an enrolled job's run ended (topic run-results, keyed by job id), once, after its last step: the
   * agent scores it as the fitness of the perturbation the job was served. Sent like validation reports (the
   * same idempotent producer, asynchronously; {@link #close} waits for it); a delivery failure is logged.
   *
   * @param validationLoss     mean loss over the clean validation set after training (NaN or infinite when the
   *                           run diverged)
   * @param validationAccuracy accuracy in [0, 1] over the same set, or null
   * @param diverged           true when the run stopped early because its loss became non-finite
   * @throws IllegalStateException    for a job not enrolled (JobOptions.es), before any step, or a second time
   * @throws IllegalArgumentException for a negative loss or an accuracy outside [0, 1]
   */
  public void reportRunResult(double validationLoss, Double validationAccuracy, boolean diverged) {
    if (validationLoss < 0) {
      throw new IllegalArgumentException("validationLoss must be >= 0 (or NaN/infinite when diverged), got "
          + validationLoss);
    }
    if (validationAccuracy != null && !(validationAccuracy >= 0 && validationAccuracy <= 1)) {
      throw new IllegalArgumentException("validationAccuracy must lie in [0, 1] when given, got " + validationAccuracy);
    }
    synchronized (sendLock) { // after every step report on the wire, and at most once
      requireOpen();
      if (es == null) {
        throw new IllegalStateException("job " + jobId + " is not enrolled in fleet meta-training (JobOptions.es): "
            + "the agent uses the run results of enrolled jobs only");
      }
      if (lastStep < 0) {
        throw new IllegalStateException("job " + jobId + " has reported no step yet: a run result ends a run");
      }
      if (runResultSent) {
        throw new IllegalStateException("job " + jobId + " already sent its run result");
      }
      runResultSent = true;
      RunResult result = RunResult.newBuilder().setJob(jobId).setLastStep(lastStep).setValidationLoss(validationLoss)
          .setValidationAccuracy(validationAccuracy).setDiverged(diverged).build();
      try {
        producer.send(new ProducerRecord<>(topics.runResults(), jobId, MlrsSerdes.RUN_RESULT.encode(result)),
            (metadata, error) -> {
              if (error != null) {
                log.warn("mlrs client: run result of job {} was not delivered", jobId, error);
              }
            });
        log.info("mlrs client: job {} sent its run result (validation loss {}, diverged {})", jobId, validationLoss,
            diverged);
      } catch (RuntimeException e) {
        log.warn("mlrs client: could not send the run result of job {}", jobId, e);
      }
    }
  }

  /** Changes L0 for the following reports, e.g. at a stage switch (METHOD.md section 3). */
  public void updateReferenceLoss(double referenceLoss) {
    if (!Double.isFinite(referenceLoss) || referenceLoss <= 0) {
      throw new IllegalArgumentException("referenceLoss must be finite and > 0, got " + referenceLoss);
    }
    this.referenceLoss = referenceLoss;
  }

  public ClientStats stats() {
    return stats.snapshot();
  }

  public JobOptions options() {
    return options;
  }

  /**
   * Stops reading replies, gives every step still waiting its fallback LR and closes the producer
   * (waiting up to 5 s for reports still in flight). Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    poller.stop();
    synchronized (sendLock) { // no report is half sent from here on
      for (PendingSteps.Waiting entry : pending.claimAll()) {
        entry.cancelTimeout();
        resolveWithFallback(entry, "the client was closed");
      }
      timer.shutdownNow();
    }
    closeQuietly(producer);
    log.info("mlrs client closed for job {}: {}", jobId, stats());
  }

  private StepReport stepReport(long step, double loss, boolean validate) {
    return StepReport.newBuilder()
        .setJob(jobId)
        .setStep(step)
        .setLoss(loss)
        .setLearner(options.learner())
        .setMode(options.mode())
        .setNumClasses(options.numClasses())
        .setReferenceLoss(referenceLoss)
        .setGamma(options.gamma())
        .setLrMin(options.lrMin())
        .setLrMax(options.lrMax())
        .setTotalSteps(options.totalSteps())
        .setValidate(validate)
        .setEs(es)
        .build();
  }

  /** Runs on the poller thread for every record of our partition. */
  private void onRecord(ConsumerRecord<String, byte[]> record) {
    long receivedNanos = System.nanoTime();
    if (!jobId.equals(record.key())) {
      return; // another job that hashes to the same partition
    }
    LrDecision decision;
    try {
      decision = MlrsSerdes.LR_DECISION.decode(record.value());
    } catch (SerializationException e) {
      stats.ignoredReply();
      log.warn("mlrs client: unreadable decision at {}-{}@{}: {}", record.topic(), record.partition(),
          record.offset(), e.getMessage());
      return;
    }
    if (jobId.equals(decision.getJob())) {
      onDecision(decision, receivedNanos);
    }
  }

  private void onDecision(LrDecision decision, long receivedNanos) {
    long step = decision.getStep();
    PendingSteps.Waiting entry = pending.claim(step);
    if (entry == null) {
      if (pending.forgetTimedOut(step)) {
        stats.lateReply();
        log.debug("mlrs client: late decision for step {} of job {} dropped", step, jobId);
        return;
      }
      switch (answered.classify(decision)) {
        case DUPLICATE -> stats.duplicateReply(); // an at-least-once agent answered a re-delivered report again
        case CONFLICT -> {
          stats.conflictingReply();
          LrDecision first = answered.first(step);
          log.warn("mlrs client: a second, different decision for step {} of job {} ({} lr {} v{}; the first was"
              + " {} lr {} v{}) ignored", step, jobId, decision.getStatus(), decision.getLr(),
              decision.getLearnerVersion(), first.getStatus(), first.getLr(), first.getLearnerVersion());
        }
        default -> stats.ignoredReply(); // a step nobody waits for
      }
      return;
    }
    answered.remember(decision);
    entry.cancelTimeout();
    warm = true;
    breaker.onReply();
    long roundTrip = receivedNanos - entry.sentNanos;
    stats.replyInTime(roundTrip);
    Double lr = decision.getLr();
    boolean usable = decision.getStatus() == DecisionStatus.OK && lr != null && Double.isFinite(lr) && lr >= 0;
    if (usable) {
      lastServedLr = lr;
      if (entry.validate) {
        pending.rememberServedValidationStep(step); // before the job can see the reply and validate
      }
    } else {
      stats.rejected();
    }
    String reason = usable ? null
        : decision.getStatus() == DecisionStatus.REJECTED
            ? "rejected by the service: " + Objects.requireNonNullElse(decision.getReason(), "no reason given")
            : "the service sent an unusable LR: " + lr;
    double replyLr = usable ? lr : fallbackLr(step, reason);
    entry.reply.complete(new LrReply(step, replyLr, !usable, reason, decision.getLearner(),
        decision.getLearnerVersion(), decision.getStage(), decision.getGamma(), decision.getOutput(),
        decision.getClamped(), roundTrip));
  }

  private void onTimeout(PendingSteps.Waiting entry, Duration timeout) {
    if (!pending.claim(entry)) {
      return; // the reply won the race
    }
    pending.rememberTimedOut(entry.step);
    warm = true;
    stats.timeout();
    breaker.onTimeout();
    resolveWithFallback(entry, "no reply within " + timeout.toMillis() + " ms");
  }

  private void onSendFailure(PendingSteps.Waiting entry, Throwable error) {
    if (!pending.claim(entry)) {
      return;
    }
    entry.cancelTimeout();
    stats.sendFailure();
    breaker.onTimeout();
    resolveWithFallback(entry, "could not send the step report: " + error);
  }

  private void resolveWithFallback(PendingSteps.Waiting entry, String reason) {
    double lr = fallbackLr(entry.step, reason);
    entry.reply.complete(LrReply.fallback(entry.step, lr, reason, System.nanoTime() - entry.sentNanos));
  }

  /** The job's fallback LR for a step, clamped to the job's range; counts and (sometimes) logs it. */
  private double fallbackLr(long step, String reason) {
    double lr;
    try {
      lr = options.fallback().lr(step, lastServedLr);
    } catch (RuntimeException e) {
      log.warn("mlrs client: the fallback schedule of job {} failed at step {}; using lrMin", jobId, step, e);
      lr = Double.NaN;
    }
    lr = Double.isFinite(lr) ? Math.min(options.lrMax(), Math.max(options.lrMin(), lr)) : options.lrMin();
    long count = stats.fallback();
    if (warnsAt(count)) {
      log.warn("mlrs client: job {} step {} trains with the fallback LR {} ({}); {} fallback(s) so far",
          jobId, step, lr, reason, count);
    }
    return lr;
  }

  /** WARN on the first fallback and every 100th after it: visible, but no flood when the service is down. */
  static boolean warnsAt(long fallbackCount) {
    return fallbackCount == 1 || fallbackCount % WARN_EVERY == 0;
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the mlrs client of job " + jobId + " is closed");
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      if (closeable instanceof Producer<?, ?> producer) {
        producer.close(Duration.ofSeconds(5));
      } else {
        closeable.close();
      }
    } catch (Exception e) {
      log.debug("mlrs client: close failed", e);
    }
  }
}
