package dev.mlrs.sim.job;

import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.dl4j.MlrsDl4j;
import dev.mlrs.client.dl4j.ServedLearningRate;
import dev.mlrs.client.dl4j.ServedLrSchedule;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.sim.data.Dataset;
import dev.mlrs.sim.data.Datasets;
import dev.mlrs.sim.data.Dl4jDataSets;
import dev.mlrs.sim.data.LoadOptions;
import dev.mlrs.sim.data.Split;
import dev.mlrs.sim.data.TrainTest;
import dev.mlrs.sim.data.TrainValidation;
import dev.mlrs.sim.model.ModelOptions;
import dev.mlrs.sim.model.Models;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A real DL4J training run whose every step trains with the LR the service serves for it: load the
 * data, build the net with a served-LR schedule, attach the client, train, evaluate on the test set.
 */
public final class TrainingJob {
  /** Samples of the training set over which the fresh model's mean loss L0 (for gamma) is measured. */
  private static final int REFERENCE_LOSS_SAMPLES = 5000;

  private TrainingJob() {
  }

  public static JobResult run(JobSpec spec, ClientSettings cluster, Consumer<StepRecord> progress) {
    long started = System.nanoTime();
    TrainTest data = Datasets.load(spec.dataset(),
        LoadOptions.defaults().withTrainLimit(spec.trainLimit()).withSeed(spec.seed()));
    TrainValidation split = spec.validationSize() > 0
        ? Split.cleanValidation(data.train(), spec.validationSize(), spec.seed())
        : new TrainValidation(data.train(), null);

    ServedLearningRate lr = new ServedLearningRate(spec.fallbackLr());
    MultiLayerNetwork net = Models.build(spec.model(), split.train(), ModelOptions.builder()
        .seed(spec.seed())
        .optimizer(spec.optimizer())
        .weightDecay(spec.weightDecay())
        .learningRate(new ServedLrSchedule(lr))
        .build());
    double referenceLoss = referenceLoss(net, split.train(), spec.seed());

    JobOptions options = JobOptions.builder(spec.jobId())
        .learner(spec.learner())
        .mode(spec.mode())
        .numClasses(split.train().numClasses())
        .referenceLoss(referenceLoss)
        .totalSteps(spec.steps())
        .validateEvery(spec.validateEvery())
        .lrMin(spec.lrMin())
        .lrMax(spec.lrMax())
        .initialFallbackLr(spec.fallbackLr())
        .build();
    try (LrClient client = LrClient.attach(cluster, options)) {
      List<StepRecord> steps = Collections.synchronizedList(new ArrayList<>());
      RecordingLrSource recorder = new RecordingLrSource(client, record -> {
        steps.add(record);
        progress.accept(record);
      });
      DataSet validation = spec.mode() == LearnerMode.LEARN ? Dl4jDataSets.of(split.validation()) : null;
      MlrsDl4j.attach(net, recorder, validation);
      double accuracy = TrainingLoop.train(net, split.train(), spec.batchSize(), spec.steps(), spec.seed(),
          data.test(), 0).finalAccuracy();
      List<StepRecord> done;
      synchronized (steps) {
        done = List.copyOf(steps);
      }
      double finalLoss = done.subList(Math.max(0, done.size() - 50), done.size()).stream()
          .mapToDouble(StepRecord::loss).average().orElse(Double.NaN);
      return new JobResult(spec, referenceLoss, accuracy, finalLoss, done, client.stats(),
          (System.nanoTime() - started) / 1e9);
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
