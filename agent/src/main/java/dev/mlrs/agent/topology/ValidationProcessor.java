package dev.mlrs.agent.topology;

import dev.mlrs.agent.job.JobStepper;
import dev.mlrs.agent.job.StepReportCheck;
import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.schemas.MetaGradient;
import dev.mlrs.schemas.ValidationReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import dev.mlrs.schemas.state.JobState;
import dev.mlrs.schemas.state.PendingStep;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code validation} (keyed by job id, co-partitioned with steps): a ValidationReport of a pending LEARN
 * step gets one backward pass through the cell step that produced its LR and becomes one MetaGradient for the
 * one-step trainer. Learners trained by FLEET_ES and jobs enrolled in fleet meta-training do not take one-step
 * gradients: their validation reports are rejected with that reason.
 */
final class ValidationProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ValidationProcessor.class);

  private final LearnerRegistry registry;
  private final JobStepper stepper = new JobStepper();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, JobState> jobs;
  private LearnerLookup learners;

  ValidationProcessor(LearnerRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.jobs = context.getStateStore(StoreNames.JOB_STATE);
    this.learners = new LearnerLookup(registry, context);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    ValidationReport report = Rejections.decodeOrReject(context, LOG, "record", MlrsSerdes.VALIDATION_REPORT, record);
    if (report == null) {
      return;
    }
    String key = Rejections.keyOf(record);
    JobState state = key == null ? null : jobs.get(key);
    String problem = report.getJob().equals(key) && state != null ? notTrainedByValidation(key, state) : null;
    if (problem == null) {
      problem = StepReportCheck.problemWith(key, report, state);
    }
    if (problem != null) {
      reject(record, problem);
      return;
    }
    PendingStep pending = state.getPending();
    // The step is consumed whatever happens next: one validation per step.
    jobs.put(key, JobState.newBuilder(state).setPending(null).build());
    Learner learner = learners.at(state.getLearner(), pending.getLearnerVersion());
    if (learner == null) {
      reject(record, "learner '" + state.getLearner() + "' version " + pending.getLearnerVersion()
          + " that served step " + report.getStep() + " is no longer held (too stale)");
      return;
    }
    if (!JobStepper.acceptsOneStepGradients(learner)) {
      reject(record, "learner '" + learner.name() + "' version " + learner.version() + " is trained by "
          + learner.objective() + ": one-step validation reports do not train it");
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

  /** Why the job's validation reports train nothing (say so rather than "no step awaits validation"), or null. */
  private String notTrainedByValidation(String job, JobState state) {
    if (state.getEs() != null) {
      return "job '" + job + "' is enrolled in fleet meta-training: it trains the learner through"
          + " its RunResult, not through validation reports";
    }
    Learner latest;
    try {
      latest = learners.latest(state.getLearner());
    } catch (RuntimeException e) {
      return null;
    }
    if (latest != null && state.getPending() == null && !JobStepper.acceptsOneStepGradients(latest)) {
      return "learner '" + latest.name() + "' is trained by " + latest.objective()
          + ": one-step validation reports do not train it";
    }
    return null;
  }

  private void reject(Record<byte[], byte[]> record, String reason) {
    Rejections.send(context, LOG, "record", record, reason);
  }
}
