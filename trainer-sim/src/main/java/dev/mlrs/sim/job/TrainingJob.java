package dev.mlrs.sim.job;

import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.JobOptions;
import dev.mlrs.client.LrClient;
import dev.mlrs.client.dl4j.MlrsDl4j;
import dev.mlrs.client.dl4j.ServedLearningRate;
import dev.mlrs.client.dl4j.ServedLrSchedule;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.sim.data.Datasets;
import dev.mlrs.sim.data.Dl4jDataSets;
import dev.mlrs.sim.data.LoadOptions;
import dev.mlrs.sim.data.Split;
import dev.mlrs.sim.data.TrainTest;
import dev.mlrs.sim.data.TrainValidation;
import dev.mlrs.sim.model.ModelOptions;
import dev.mlrs.sim.model.Models;
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
  static final int REFERENCE_LOSS_SAMPLES = 5000;

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
    double referenceLoss = meanLoss(net, Dl4jDataSets.of(Split.limit(split.train(),
        Math.min(REFERENCE_LOSS_SAMPLES, split.train().size()), spec.seed())));

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
      RecordingLrSource recorder = new RecordingLrSource(client, progress);
      DataSet validation = spec.mode() == LearnerMode.LEARN ? Dl4jDataSets.of(split.validation()) : null;
      MlrsDl4j.attach(net, recorder, validation);
      double accuracy = TrainingLoop.train(net, split.train(), spec.batchSize(), spec.steps(), spec.seed(),
          data.test(), 0).finalAccuracy();
      List<StepRecord> steps = recorder.records();
      double finalLoss = steps.subList(Math.max(0, steps.size() - 50), steps.size()).stream()
          .mapToDouble(StepRecord::loss).average().orElse(Double.NaN);
      return new JobResult(spec, referenceLoss, accuracy, finalLoss, steps, client.stats(),
          (System.nanoTime() - started) / 1e9);
    }
  }

  /** Mean loss without regularisation terms: what gamma's L0 means. */
  public static double meanLoss(MultiLayerNetwork net, DataSet data) {
    double score = net.score(data);
    return score - net.calcRegularizationScore(true);
  }
}
