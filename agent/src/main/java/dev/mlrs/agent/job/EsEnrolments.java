package dev.mlrs.agent.job;

import dev.mlrs.schemas.EsEnrolment;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.serde.AvroTrust;
import dev.mlrs.schemas.state.EsRun;
import dev.mlrs.schemas.state.JobState;

/**
 * Enrolment of jobs in fleet meta-training (docs/adr/0008-fleet-objective-on-kafka.md): a LEARN job that
 * reports {@code es} on a FLEET_ES learner is enrolled at its first step in the generation that is current
 * then (the learner's version) and stays in it, with the same task key, seed and side, for its whole run.
 */
public final class EsEnrolments {
  static {
    AvroTrust.install();   // builders fill enum defaults, which Avro loads only for trusted classes
  }

  /** The job's enrolment after a step (null when it is not enrolled), or why the step cannot be served. */
  public record Outcome(EsRun run, String problem) {
    static Outcome problem(String problem) {
      return new Outcome(null, problem);
    }
  }

  private EsEnrolments() {
  }

  /**
   * Checks a step's enrolment against the job's state and the learner's latest version.
   *
   * @param report a step report that passed {@link StepReportCheck}
   * @param state  the job's state before the step (null at its first step)
   * @param latest the latest published version of the report's learner
   */
  public static Outcome check(StepReport report, JobState state, LearnerParams latest) {
    EsEnrolment es = report.getEs();
    EsRun prior = state == null ? null : state.getEs();
    if (es == null) {
      if (prior != null) {
        return Outcome.problem("job '" + report.getJob() + "' is enrolled in fleet meta-training (" + describe(prior)
            + ") and must repeat its es enrolment on every step of the run");
      }
      return new Outcome(null, null);
    }
    if (report.getMode() != LearnerMode.LEARN) {
      return Outcome.problem("a FROZEN job cannot enrol in fleet meta-training (es is set); use mode LEARN");
    }
    if (latest.getObjective() != MetaObjective.FLEET_ES) {
      return Outcome.problem("learner '" + latest.getName() + "' is trained by " + latest.getObjective()
          + "; es enrolment needs a learner whose objective is FLEET_ES");
    }
    if (es.getTaskKey().isBlank() || es.getTaskKey().chars().anyMatch(Character::isISOControl)) {
      return Outcome.problem("es.taskKey '" + es.getTaskKey() + "' must be non-blank without control characters");
    }
    if (prior != null) {
      if (!prior.getEnrolment().equals(es)) {
        return Outcome.problem("es changed mid-run: job '" + report.getJob() + "' enrolled as " + describe(prior)
            + ", now reports task '" + es.getTaskKey() + "' seed " + es.getSeed() + " side " + es.getSide());
      }
      if (!state.getLearner().equals(report.getLearner())) {
        return Outcome.problem("an enrolled job cannot change learner mid-run: job '" + report.getJob()
            + "' enrolled with '" + state.getLearner() + "', now reports '" + report.getLearner() + "'");
      }
      if (prior.getResultSent()) {
        return Outcome.problem("job '" + report.getJob() + "' already sent its RunResult; its run is over");
      }
      return new Outcome(prior, null);
    }
    if (state != null) {
      return Outcome.problem("es changed mid-run: job '" + report.getJob() + "' was served step "
          + state.getLastStep() + " without es; enrolment happens at a run's first step");
    }
    if (report.getNumClasses() < 2) {
      return Outcome.problem("an enrolled job needs numClasses >= 2 (also with an explicit gamma): its fitness is "
          + "clipped at fitnessClip * ln(numClasses), got " + report.getNumClasses());
    }
    EsRun run = EsRun.newBuilder()
        .setGeneration(latest.getVersion())
        .setEnrolment(es)
        .setNumClasses(report.getNumClasses())
        .setResultSent(false)
        .build();
    return new Outcome(run, null);
  }

  static String describe(EsRun run) {
    EsEnrolment es = run.getEnrolment();
    return "generation " + run.getGeneration() + ", task '" + es.getTaskKey() + "' seed " + es.getSeed()
        + " side " + es.getSide();
  }
}
