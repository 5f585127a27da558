package dev.mlrs.agent.job;

import dev.mlrs.agent.es.Fitness;
import dev.mlrs.schemas.EsFitness;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.RunResult;
import dev.mlrs.schemas.serde.AvroTrust;
import dev.mlrs.schemas.state.EsRun;
import dev.mlrs.schemas.state.JobState;

/** Turns an enrolled job's RunResult into the fitness of the perturbation it was served. */
public final class RunResults {
  static {
    AvroTrust.install();   // builders fill enum defaults, which Avro loads only for trusted classes
  }

  /** The fitness record, or why the result cannot be used. */
  public record Outcome(EsFitness fitness, String problem) {
    static Outcome problem(String problem) {
      return new Outcome(null, problem);
    }
  }

  private RunResults() {
  }

  /**
   * @param key      the record key (must be the job id)
   * @param result   the run result
   * @param state    the job's state (null when no step of it was served)
   * @param settings the ES settings of the generation the job was enrolled in
   */
  public static Outcome fitnessOf(String key, RunResult result, JobState state, EsSettings settings) {
    if (!result.getJob().equals(key)) {
      return Outcome.problem("record key '" + key + "' differs from job id '" + result.getJob()
          + "' (the key must be the job id)");
    }
    if (state == null) {
      return Outcome.problem("no step of job '" + result.getJob() + "' was served: unknown job, or a RunResult "
          + "before its first step");
    }
    EsRun run = state.getEs();
    if (run == null) {
      return Outcome.problem("job '" + result.getJob() + "' is not enrolled in fleet meta-training (no es on its "
          + "steps); only enrolled jobs' run results are used");
    }
    if (run.getResultSent()) {
      return Outcome.problem("duplicate RunResult: job '" + result.getJob() + "' already sent one");
    }
    if (result.getLastStep() < state.getLastStep()) {
      return Outcome.problem("RunResult says the run ended at step " + result.getLastStep() + " but step "
          + state.getLastStep() + " of job '" + result.getJob() + "' was served");
    }
    double loss = result.getValidationLoss();
    if (loss < 0) {
      return Outcome.problem("validationLoss " + loss + " is negative: not a loss");
    }
    double fitnessValue;
    try {
      fitnessValue = Fitness.of(loss, result.getDiverged(), Fitness.clip(settings, run.getNumClasses()));
    } catch (IllegalArgumentException e) {
      return Outcome.problem("the result of job '" + result.getJob() + "' cannot be scored: " + e.getMessage());
    }
    EsFitness fitness = EsFitness.newBuilder()
        .setLearner(state.getLearner())
        .setGeneration(run.getGeneration())
        .setTaskKey(run.getEnrolment().getTaskKey())
        .setSeed(run.getEnrolment().getSeed())
        .setSide(run.getEnrolment().getSide())
        .setFitness(fitnessValue)
        .setJob(result.getJob())
        .setValidationLoss(loss)
        .setDiverged(result.getDiverged())
        .setNumClasses(run.getNumClasses())
        .build();
    return new Outcome(fitness, null);
  }
}
