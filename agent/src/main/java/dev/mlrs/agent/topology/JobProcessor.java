package dev.mlrs.agent.topology;

import dev.mlrs.agent.job.JobStepper;
import dev.mlrs.agent.job.StepReportCheck;
import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.ValidationReport;
import dev.mlrs.schemas.state.JobState;
import dev.mlrs.schemas.state.PendingStep;
import dev.mlrs.schemas.serde.MlrsSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-job processor. Reads {@code steps} and {@code validation} (co-partitioned by job id):
 * a StepReport gets one cell step and one LrDecision; a ValidationReport gets one backward pass and
 * one MetaGradient. Anything it cannot use goes to {@code rejected} with the reason (and a REJECTED
 * decision when the job and step are known, so the job falls back at once instead of timing out).
 */
final class JobProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(JobProcessor.class);

  private final String stepsTopic;
  private final LearnerRegistry registry;
  private final JobStepper stepper = new JobStepper();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, JobState> jobs;
  private KeyValueStore<String, byte[]> learners;

  JobProcessor(String stepsTopic, LearnerRegistry registry) {
    this.stepsTopic = stepsTopic;
    this.registry = registry;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.jobs = context.getStateStore(StoreNames.JOB_STATE);
    this.learners = context.getStateStore(StoreNames.LEARNERS);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String topic = context.recordMetadata().map(m -> m.topic()).orElse(stepsTopic);
    if (topic.equals(stepsTopic)) {
      onStep(record);
    } else {
      onValidation(record);
    }
  }

  private void onStep(Record<byte[], byte[]> record) {
    StepReport report = Rejections.decodeOrReject(context, LOG, "record", MlrsSerdes.STEP_REPORT, record);
    if (report == null) {
      return;
    }
    String key = keyOf(record);
    JobState state = key == null ? null : jobs.get(key);
    String problem = StepReportCheck.problemWith(key, report, state);
    Learner learner = null;
    if (problem == null) {
      byte[] encoded = learners.get(report.getLearner());
      if (encoded == null) {
        problem = "unknown learner '" + report.getLearner() + "' (known: " + knownLearners() + ")";
      } else {
        try {
          learner = registry.resolve(encoded);
        } catch (RuntimeException e) {
          problem = "learner '" + report.getLearner() + "' cannot be used: " + e.getMessage();
        }
      }
    }
    if (problem == null && report.getMode() == LearnerMode.LEARN && learner.stageCount() > 1) {
      problem = "learner '" + learner.name() + "' has " + learner.stageCount()
          + " stages and serves FROZEN jobs only; fork one of its stages to learn from it";
    }
    if (problem != null) {
      reject(record, problem);
      context.forward(new Record<>((Object) report.getJob(), (Object) rejectedDecision(report, problem),
          record.timestamp()), TopologyNames.LR_SINK);
      return;
    }
    JobStepper.Served served = stepper.step(state, report, learner);
    jobs.put(key, served.next());
    LrDecision decision = LrDecision.newBuilder()
        .setJob(report.getJob())
        .setStep(report.getStep())
        .setStatus(DecisionStatus.OK)
        .setLr(served.lr())
        .setLearner(learner.name())
        .setLearnerVersion(learner.version())
        .setStage(served.stage())
        .setGamma(served.gamma())
        .setOutput(served.output())
        .setClamped(served.clamped())
        .setReason(null)
        .build();
    context.forward(new Record<>((Object) report.getJob(), (Object) decision, record.timestamp()), TopologyNames.LR_SINK);
  }

  private void onValidation(Record<byte[], byte[]> record) {
    ValidationReport report = Rejections.decodeOrReject(context, LOG, "record", MlrsSerdes.VALIDATION_REPORT, record);
    if (report == null) {
      return;
    }
    String key = keyOf(record);
    JobState state = key == null ? null : jobs.get(key);
    String problem = StepReportCheck.problemWith(key, report, state);
    if (problem != null) {
      reject(record, problem);
      return;
    }
    PendingStep pending = state.getPending();
    // The step is consumed whatever happens next: one validation per step.
    jobs.put(key, JobState.newBuilder(state).setPending(null).build());
    Learner learner = learnerAt(state.getLearner(), pending.getLearnerVersion());
    if (learner == null) {
      reject(record, "learner '" + state.getLearner() + "' version " + pending.getLearnerVersion()
          + " that served step " + report.getStep() + " is no longer held (too stale)");
      return;
    }
    if (JobStepper.pushesPastClamp(pending, report.getHypergradient())) {
      // The LR sat on the job's bound; moving the learner further past it would change nothing served.
      LOG.debug("job {} step {}: LR clamped, hypergradient {} not applied", report.getJob(), report.getStep(),
          report.getHypergradient());
      return;
    }
    double[] gradient = stepper.metaGradient(pending, learner, report.getHypergradient());
    MetaGradient out = MetaGradient.newBuilder()
        .setLearner(learner.name())
        .setLearnerVersion(learner.version())
        .setStage(pending.getStage())
        .setJob(report.getJob())
        .setStep(report.getStep())
        .setHypergradient(report.getHypergradient())
        .setValLoss(report.getValLoss())
        .setGradient(WeightArrays.toList(gradient))
        .build();
    context.forward(new Record<>((Object) learner.name(), (Object) out, record.timestamp()),
        TopologyNames.META_GRADIENTS_SINK);
  }

  /** The exact learner version that served a step: held by the registry, or still the published one. */
  private Learner learnerAt(String name, long version) {
    Learner learner = registry.find(name, version);
    if (learner == null) {
      byte[] published = learners.get(name);
      if (published != null) {
        Learner latest = registry.resolve(published);
        learner = latest.version() == version ? latest : null;
      }
    }
    return learner;
  }

  private void reject(Record<byte[], byte[]> record, String reason) {
    Rejections.send(context, LOG, "record", record, reason);
  }

  private static LrDecision rejectedDecision(StepReport report, String reason) {
    return LrDecision.newBuilder()
        .setJob(report.getJob())
        .setStep(report.getStep())
        .setStatus(DecisionStatus.REJECTED)
        .setLr(null)
        .setLearner(report.getLearner())
        .setLearnerVersion(-1)
        .setReason(reason)
        .build();
  }

  private String knownLearners() {
    List<String> names = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = learners.all()) {
      all.forEachRemaining(kv -> names.add(kv.key));
    }
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private static String keyOf(Record<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }
}
