package dev.mlrs.sim.job;

import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.dl4j.ServedLearningRate;
import dev.mlrs.client.dl4j.ServedLrSchedule;
import dev.mlrs.sim.data.Datasets;
import dev.mlrs.sim.data.LoadOptions;
import dev.mlrs.sim.data.Split;
import dev.mlrs.sim.data.TrainTest;
import dev.mlrs.sim.data.TrainValidation;
import dev.mlrs.sim.model.ModelOptions;
import dev.mlrs.sim.model.Models;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A real DL4J training run described by a {@link JobSpec}, whose every step trains with the LR the service serves
 * for it: load the data, hold out the clean validation split, build the net with a served-LR schedule, then train
 * through {@link ServedTraining} and evaluate on the test set.
 */
public final class TrainingJob {

  private TrainingJob() {
  }

  public static JobResult run(JobSpec spec, ClientSettings cluster, Consumer<StepRecord> progress) {
    long started = System.nanoTime();
    TrainTest data = Datasets.load(spec.dataset(),
        LoadOptions.defaults().withTrainLimit(spec.trainLimit()).withSeed(spec.seed()));
    int validationSamples = spec.validationSamples(data.train().size());
    TrainValidation split = validationSamples > 0
        ? Split.cleanValidation(data.train(), validationSamples, spec.seed())
        : new TrainValidation(data.train(), null);

    MultiLayerNetwork net = Models.build(spec.model(), split.train(), ModelOptions.builder()
        .seed(spec.seed())
        .optimizer(spec.optimizer())
        .weightDecay(spec.weightDecay())
        .learningRate(new ServedLrSchedule(new ServedLearningRate(spec.fallbackLr())))
        .build());
    ServedTraining.Job job = new ServedTraining.Job(spec.jobId(), spec.learner(), spec.mode(), spec.validateEvery(),
        spec.lrMin(), spec.lrMax(), spec.fallbackLr(), spec.allowFallback());
    ServedTraining.Result result = ServedTraining.train(cluster, job, net, split.train(), split.validation(),
        data.test(), spec.batchSize(), spec.steps(), spec.seed(), 0, progress);
    return new JobResult(spec, result.referenceLoss(), result.outcome().finalAccuracy(), result.finalTrainLoss(),
        result.steps(), result.clientStats(), (System.nanoTime() - started) / 1e9);
  }
}
