package dev.mlrs.sim.job;

import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.ClientStats;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.LrSource;
import dev.mlrs.client.dl4j.MlrsDl4j;
import dev.mlrs.schemas.EsEnrolment;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.sim.data.Dataset;
import dev.mlrs.sim.data.Dl4jDataSets;
import dev.mlrs.sim.data.Split;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The one way a network trains on served LRs: measure the fresh net's reference loss L0, attach the mlrs client
 * (with the clean validation set for LEARN jobs' hypergradients), run the {@link TrainingLoop}, and record every
 * step. Both {@code mlrs train}/{@code demo} jobs ({@link TrainingJob}) and the experiment runner's MLR-SNet runs
 * go through here.
 */
public final class ServedTraining {
  /** Samples of the training set over which the fresh model's mean loss L0 (for gamma) is measured. */
  private static final int REFERENCE_LOSS_SAMPLES = 5000;

  private ServedTraining() {
  }

  /**
   * How the job is served.
   *
   * @param jobId         unique id of the run (a rerun needs a new id)
   * @param learner       learner that serves the LRs
   * @param mode          LEARN (the job's validation signals train the learner) or FROZEN
   * @param validateEvery a LEARN job (not enrolled) sends a hypergradient every this many steps
   * @param lrMin         smallest LR the job accepts
   * @param lrMax         largest LR the job accepts
   * @param fallbackLr    LR used until the first one is served (and while the service does not answer)
   * @param allowFallback keep training on the fallback LR when the service does not know the learner, instead
   *                      of failing with an {@link UnknownLearnerException} at the first step
   * @param es            enrolment in fleet meta-training (a LEARN job on a FLEET_ES learner), or null
   */
  public record Job(String jobId, String learner, LearnerMode mode, int validateEvery, double lrMin, double lrMax,
                    double fallbackLr, boolean allowFallback, EsEnrolment es) {
    public Job {
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(learner, "learner");
      Objects.requireNonNull(mode, "mode");
      if (es != null && mode != LearnerMode.LEARN) {
        throw new IllegalArgumentException("job " + jobId + ": only LEARN jobs enrol in fleet meta-training");
      }
    }

    public Job(String jobId, String learner, LearnerMode mode, int validateEvery, double lrMin, double lrMax,
               double fallbackLr) {
      this(jobId, learner, mode, validateEvery, lrMin, lrMax, fallbackLr, false, null);
    }

    /** A job of an antithetic pair: it sends no hypergradients, only its run result at the end. */
    public static Job enrolled(String jobId, String learner, String taskKey, long seed, EsSide side,
                               double fallbackLr) {
      return new Job(jobId, learner, LearnerMode.LEARN, Integer.MAX_VALUE, 0, 10, fallbackLr, false,
          new EsEnrolment(taskKey, seed, side));
    }

    /** A job that is not enrolled; with allowFallback false it fails when its learner is unknown. */
    public Job(String jobId, String learner, LearnerMode mode, int validateEvery, double lrMin, double lrMax,
               double fallbackLr, boolean allowFallback) {
      this(jobId, learner, mode, validateEvery, lrMin, lrMax, fallbackLr, allowFallback, null);
    }
  }

  /**
   * What the run did: the loop's outcome, every step, L0, the client's round-trip statistics and, for an enrolled
   * job, the clean validation loss and accuracy it reported as its run result (NaN otherwise).
   */
  public record Result(TrainingLoop.Outcome outcome, List<StepRecord> steps, double referenceLoss,
                       ClientStats clientStats, double validationLoss, double validationAccuracy) {
    /** The final training loss by the project's one rule ({@link FinalLoss}). */
    public double finalTrainLoss() {
      return FinalLoss.of(steps);
    }
  }

  /**
   * Trains {@code net}, which must have been built with a {@code ServedLrSchedule} so that the served LR is the
   * one its updater uses.
   *
   * @param validation  the clean validation set; required for LEARN jobs, unused for FROZEN ones
   * @param evaluations test-accuracy evaluations along the run (0: only the final one)
   * @param onStep      called with every step's record, e.g. to print progress
   */
  public static Result train(ClientSettings cluster, Job job, MultiLayerNetwork net, Dataset train,
                             Dataset validation, Dataset test, int batchSize, long steps, long seed, int evaluations,
                             Consumer<StepRecord> onStep) {
    if (job.mode() == LearnerMode.LEARN && (validation == null || validation.size() == 0)) {
      throw new IllegalArgumentException("LEARN job " + job.jobId() + " needs a clean validation set");
    }
    boolean enrolled = job.es() != null;
    double referenceLoss = referenceLoss(net, train, seed);
    JobOptions.Builder builder = JobOptions.builder(job.jobId())
        .learner(job.learner())
        .mode(job.mode())
        .numClasses(train.numClasses())
        .referenceLoss(referenceLoss)
        .totalSteps(steps)
        .validateEvery(job.validateEvery())
        .lrMin(job.lrMin())
        .lrMax(job.lrMax())
        .initialFallbackLr(job.fallbackLr());
    if (enrolled) {
      builder.es(job.es().getTaskKey(), job.es().getSeed(), job.es().getSide());
    }
    JobOptions options = builder.build();
    List<StepRecord> records = Collections.synchronizedList(new ArrayList<>());
    try (LrClient client = LrClient.attach(cluster, options)) {
      LrSource served = job.allowFallback() ? client : new KnownLearnerCheck(client, job.learner());
      RecordingLrSource recorder = new RecordingLrSource(served, record -> {
        records.add(record);
        onStep.accept(record);
      });
      boolean hypergradients = job.mode() == LearnerMode.LEARN && !enrolled;
      MlrsDl4j.attach(net, recorder, hypergradients ? Dl4jDataSets.of(validation) : null);
      TrainingLoop.Outcome outcome = TrainingLoop.train(net, train, batchSize, steps, seed, test, evaluations);
      double validationLoss = Double.NaN;
      double validationAccuracy = Double.NaN;
      if (enrolled) {
        // The fitness of the perturbation this job was served: its final loss on the clean validation set.
        validationLoss = outcome.diverged() ? Double.NaN : MlrsDl4j.meanLoss(net, Dl4jDataSets.of(validation));
        validationAccuracy = TrainingLoop.accuracy(net, validation);
        client.reportRunResult(validationLoss, Double.isFinite(validationAccuracy) ? validationAccuracy : null,
            outcome.diverged() || !Double.isFinite(validationLoss));
      }
      List<StepRecord> done;
      synchronized (records) {
        done = List.copyOf(records);
      }
      return new Result(outcome, done, referenceLoss, client.stats(), validationLoss, validationAccuracy);
    }
  }

  /**
   * The fresh net's reference loss L0 (for gamma): its mean loss without regularisation terms over at most
   * {@code REFERENCE_LOSS_SAMPLES} samples of {@code train}, picked with {@code seed}.
   */
  public static double referenceLoss(MultiLayerNetwork net, Dataset train, long seed) {
    return MlrsDl4j.meanLoss(net, Dl4jDataSets.of(Split.limit(train, Math.min(REFERENCE_LOSS_SAMPLES, train.size()),
        seed)));
  }
}
