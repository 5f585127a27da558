package dev.mlrs.agent.topology;

import dev.mlrs.agent.job.DecisionRing;
import dev.mlrs.agent.job.EsEnrolments;
import dev.mlrs.agent.job.InputLimits;
import dev.mlrs.agent.job.JobStepper;
import dev.mlrs.agent.job.StepReportCheck;
import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.live.ServedStep;
import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.schemas.DecisionStatus;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LrDecision;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.serde.MlrsSerdes;
import dev.mlrs.schemas.state.EsRun;
import dev.mlrs.schemas.state.JobState;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code steps} (keyed by job id): each StepReport gets one cell step from the job's stored state and
 * one LrDecision. A job enrolled in fleet meta-training is served its generation's perturbed weights
 * (phi_g +- sigma * epsilon) for its whole run, whatever the learner's latest version is. Anything it cannot
 * serve goes to {@code rejected} with the reason, and the job gets a REJECTED decision at once so that it
 * falls back instead of timing out.
 *
 * <p>Serving is idempotent: a report of a step already served (re-delivered under at-least-once after a crash)
 * gets the kept decision again ({@link DecisionRing}), without a second cell step.
 */
final class StepProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(StepProcessor.class);

  private final LearnerRegistry registry;
  private final JobStepper stepper = new JobStepper();
  private final PerturbedWeights perturbed = new PerturbedWeights(64);
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, JobState> jobs;
  private LearnerLookup learners;

  StepProcessor(LearnerRegistry registry) {
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
    StepReport report = Rejections.decodeOrReject(context, LOG, "record", MlrsSerdes.STEP_REPORT, record);
    if (report == null) {
      return;
    }
    String key = Rejections.keyOf(record);
    JobState state = key == null ? null : jobs.get(key);
    int reportCrc = DecisionRing.fingerprint(record.value());
    String problem = null;
    if (state != null && report.getStep() <= state.getLastStep() && report.getJob().equals(key)) {
      DecisionRing.Lookup earlier = DecisionRing.find(state, key, report, reportCrc);
      if (earlier.decision() != null) {
        // Not shown to the observer again: the job history and the metrics already have this step.
        LrDecision again = okDecision(report.getJob(), state.getLearner(), earlier.decision(), state.getEs());
        context.forward(new Record<>((Object) report.getJob(), (Object) again, record.timestamp()),
            TopologyNames.LR_SINK);
        return;
      }
      problem = earlier.problem();
    }
    if (problem == null) {
      problem = StepReportCheck.problemWith(key, report, state);
    }
    Learner latest = null;
    if (problem == null) {
      try {
        latest = learners.latest(report.getLearner());
        if (latest == null) {
          problem = "unknown learner '" + report.getLearner() + "' (known: " + learners.known() + ")";
        }
      } catch (RuntimeException e) {
        problem = "learner '" + report.getLearner() + "' cannot be used: " + e.getMessage();
      }
    }
    if (problem == null && report.getMode() == LearnerMode.LEARN && latest.stageCount() > 1) {
      problem = "learner '" + latest.name() + "' has " + latest.stageCount()
          + " stages and serves FROZEN jobs only; fork one of its stages to learn from it";
    }
    EsRun es = null;
    Learner serving = latest;
    if (problem == null) {
      EsEnrolments.Outcome enrolment = EsEnrolments.check(report, state, latest.params());
      problem = enrolment.problem();
      es = enrolment.run();
      if (es != null) {
        serving = learners.at(latest.name(), es.getGeneration());
        if (serving == null) {
          problem = "generation " + es.getGeneration() + " of learner '" + latest.name()
              + "' is no longer available (not on learner-history); the run cannot be continued";
        }
      }
    }
    if (problem != null) {
      Rejections.send(context, LOG, "record", record, problem);
      if (report.getJob().length() <= InputLimits.MAX_JOB_ID_CHARS) {
        // An oversized id gets no reply: no job can use it, and the reply would repeat it twice.
        reply(key, report, rejectedDecision(report, problem), record.timestamp());
      }
      return;
    }
    JobStepper.Served served = es == null ? stepper.step(state, report, serving)
        : stepper.step(state, report, serving, perturbed.of(serving, es));
    JobState next = served.next();
    DecisionRing.Decision decided = new DecisionRing.Decision(report.getStep(), serving.version(), served.stage(),
        served.gamma(), served.output(), served.lr(), served.clamped());
    next.setDecisions(DecisionRing.after(state, next, reportCrc, served.output()));
    jobs.put(key, es == null ? next : JobState.newBuilder(next).setEs(es).build());
    if (es != null && state == null && !learners.inHistory(serving.name(), serving.version())) {
      // The first job of a generation keeps the generation's centre on learner-history, so that the run is
      // served the same weights after the learner has moved on, on any instance, after restarts.
      context.forward(new Record<>((Object) LearnerRegistry.historyKey(serving.name(), serving.version()),
          (Object) serving.params(), record.timestamp()), TopologyNames.LEARNER_HISTORY_SINK);
    }
    reply(key, report, okDecision(report.getJob(), serving.name(), decided, es), record.timestamp());
  }

  /** Sends the decision to the job, and shows it with its report to the observer (history, metrics). */
  private void reply(String key, StepReport report, LrDecision decision, long timestamp) {
    context.forward(new Record<>((Object) report.getJob(), (Object) decision, timestamp), TopologyNames.LR_SINK);
    context.forward(new Record<>((Object) key, (Object) new ServedStep(report, decision), timestamp),
        TopologyNames.STEP_OBSERVER);
  }

  /** An OK decision: a fresh one, or the one a re-delivered step got first (from the ring). */
  private static LrDecision okDecision(String job, String learner, DecisionRing.Decision kept, EsRun es) {
    return LrDecision.newBuilder()
        .setJob(job)
        .setStep(kept.step())
        .setStatus(DecisionStatus.OK)
        .setLr(kept.lr())
        .setLearner(learner)
        .setLearnerVersion(kept.learnerVersion())
        .setStage(kept.stage())
        .setGamma(kept.gamma())
        .setOutput(kept.output())
        .setClamped(kept.clamped())
        .setReason(null)
        .setEsGeneration(es == null ? null : es.getGeneration())
        .setEsSide(es == null ? null : es.getEnrolment().getSide())
        .build();
  }

  private static LrDecision rejectedDecision(StepReport report, String reason) {
    return LrDecision.newBuilder()
        .setJob(report.getJob())
        .setStep(report.getStep())
        .setStatus(DecisionStatus.REJECTED)
        .setLr(null)
        .setLearner(report.getLearner())
        .setLearnerVersion(-1)
        .setReason(DeadLetterFit.shorten(reason, DeadLetterFit.MAX_REASON_CHARS))
        .build();
  }
}
