package dev.mlrs.agent.topology;

import dev.mlrs.agent.job.RunResults;
import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerRegistry;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.RunResult;
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
 * Reads {@code run-results} (keyed by job id, co-partitioned with steps): the RunResult of a job enrolled in
 * fleet meta-training becomes the fitness of the perturbation it was served, sent keyed by learner to the ES
 * trainer. Results of unknown or unenrolled jobs, duplicates and absurd losses go to {@code rejected}.
 */
final class RunResultProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(RunResultProcessor.class);

  private final LearnerRegistry registry;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, JobState> jobs;
  private LearnerLookup learners;

  RunResultProcessor(LearnerRegistry registry) {
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
    RunResult result = Rejections.decodeOrReject(context, LOG, "run result", MlrsSerdes.RUN_RESULT, record);
    if (result == null) {
      return;
    }
    String key = Rejections.keyOf(record);
    JobState state = key == null ? null : jobs.get(key);
    EsRun run = state == null ? null : state.getEs();
    EsSettings settings = run == null ? null : settingsOf(state.getLearner(), run.getGeneration());
    if (run != null && settings == null) {
      reject(record, "learner '" + state.getLearner() + "' (generation " + run.getGeneration()
          + ") is no longer available, so the result cannot be scored");
      return;
    }
    RunResults.Outcome outcome = RunResults.fitnessOf(key, result, state, settings);
    if (outcome.problem() != null) {
      reject(record, outcome.problem());
      return;
    }
    jobs.put(key, JobState.newBuilder(state).setEs(EsRun.newBuilder(run).setResultSent(true).build()).build());
    context.forward(new Record<>((Object) state.getLearner(), (Object) outcome.fitness(), record.timestamp()),
        TopologyNames.ES_FITNESS_SINK);
  }

  /** ES settings of the generation's version, else of the latest version (only the clip is read here). */
  private EsSettings settingsOf(String name, long generation) {
    Learner learner;
    try {
      learner = learners.at(name, generation);
      if (learner == null) {
        learner = learners.latest(name);
      }
    } catch (RuntimeException e) {
      LOG.warn("learner {} cannot be decoded: {}", name, e.getMessage());
      return null;
    }
    if (learner == null) {
      return null;
    }
    EsSettings es = learner.params().getEs();
    return es != null ? es : EsSettings.newBuilder().build();
  }

  private void reject(Record<byte[], byte[]> record, String reason) {
    Rejections.send(context, LOG, "run result", record, reason);
  }
}
