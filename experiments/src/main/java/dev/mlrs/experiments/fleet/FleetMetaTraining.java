package dev.mlrs.experiments.fleet;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.client.ClientSettings;
import dev.mlrs.client.dl4j.ServedLearningRate;
import dev.mlrs.client.dl4j.ServedLrSchedule;
import dev.mlrs.experiments.PreparedTask;
import dev.mlrs.experiments.TaskSpec;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.sim.data.TrainTest;
import dev.mlrs.sim.job.ServedTraining;
import dev.mlrs.sim.job.StepRecord;
import dev.mlrs.sim.model.ModelOptions;
import dev.mlrs.sim.model.Models;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Trains a schedule-aware learner with the fleet objective (docs/fleet.md): each generation starts
 * {@code pairsPerGeneration} antithetic pairs of real training jobs that attach to the agent like any user's job,
 * enrolled in the learner's current generation; each job reports its final clean validation loss; the agent
 * closes the generation with one ES step and publishes the next version, which this class waits for before the
 * next generation. The learner lives in Kafka, so a run resumes where the learner is; each generation also writes
 * the learner file, a CSV row and a PNG of the schedules served.
 */
public final class FleetMetaTraining {
  /** LR used until the first reply; a job that falls back is counted and reported, not hidden. */
  static final double FALLBACK_LR = 0.05;
  /** The agent closes a generation within seconds of its last result; this only guards against a stuck agent. */
  static final Duration GENERATION_TIMEOUT = Duration.ofMinutes(10);

  private final ClientSettings cluster;
  private final LearnerAdmin admin;
  private final PrintStream out;
  private final String tag;
  private final Map<String, TrainTest> datasets = new ConcurrentHashMap<>();

  /** @param tag makes the job ids of this invocation unique (a rerun needs new ids) */
  public FleetMetaTraining(ClientSettings cluster, LearnerAdmin admin, PrintStream out, String tag) {
    this.cluster = cluster;
    this.admin = admin;
    this.out = out;
    this.tag = tag;
  }

  /** What one enrolled job did. */
  record JobOutcome(TaskSpec task, long seed, EsSide side, List<StepRecord> steps, double validationLoss,
                    double validationAccuracy, boolean diverged) {
    long fallbacks() {
      return steps.stream().filter(StepRecord::fallback).count();
    }
  }

  /**
   * Runs generations until the learner has completed {@code plan.generations()} of them and returns its last
   * version; {@code outDir} receives learner.json, generations.csv, runs.csv (a row per run, to follow each task
   * of a mix) and schedules/generation-NNN.png.
   */
  public LearnerParams run(FleetPlan plan, Path outDir) throws IOException {
    Files.createDirectories(outDir.resolve("schedules"));
    Path learnerFile = outDir.resolve("learner.json");
    LearnerParams learner = ensureLearner(plan, learnerFile);
    Path csv = outDir.resolve("generations.csv");
    if (!Files.exists(csv)) {
      Files.writeString(csv, GenerationSummary.CSV_HEADER + "\n");
    }
    Path runsCsv = outDir.resolve("runs.csv");
    if (!Files.exists(runsCsv)) {
      Files.writeString(runsCsv, RunRow.CSV_HEADER + "\n");
    }
    out.printf("== fleet meta-training of %s (v%d, %d of %d generations done): %d pairs per generation, %s "
            + "subspace, sigma %.3g, Adam %.3g, tasks %s%n", plan.learner(), learner.getVersion(), generation(learner),
        plan.generations(), plan.pairsPerGeneration(), learner.getEs().getSubspace(), learner.getEs().getSigma(),
        learner.getEs().getLearningRate(), plan.tasks().stream().map(TaskSpec::name).toList());
    ExecutorService pool = Executors.newFixedThreadPool(plan.concurrency());
    try {
      while (generation(learner) < plan.generations()) {
        long started = System.nanoTime();
        List<JobOutcome> jobs = runGeneration(plan, learner, pool);
        LearnerParams next = awaitNextVersion(plan.learner(), learner.getVersion(), jobs);
        GenerationSummary summary = summarise(next, jobs, (System.nanoTime() - started) / 1e9);
        out.println(summary.progressLine());
        long fallbacks = jobs.stream().mapToLong(JobOutcome::fallbacks).sum();
        if (fallbacks > 0) {
          out.printf("   note: %d step(s) of this generation used the fallback LR (the agent did not answer in "
              + "time); their runs still counted%n", fallbacks);
        }
        Files.writeString(csv, summary.csvLine() + "\n", StandardOpenOption.APPEND);
        StringBuilder rows = new StringBuilder();
        jobs.forEach(job -> rows.append(RunRow.of(summary.generation(), job).csvLine()).append('\n'));
        Files.writeString(runsCsv, rows, StandardOpenOption.APPEND);
        GenerationPlot.write(jobs, summary, outDir.resolve("schedules")
            .resolve(String.format("generation-%03d.png", summary.generation())));
        admin.export(plan.learner(), learnerFile);
        learner = next;
      }
    } finally {
      pool.shutdownNow();
    }
    out.printf("== %s: %d generations, %d runs in all; learner v%d written to %s%n", plan.learner(),
        generation(learner), learner.getEs().getRunsUsed(), learner.getVersion(), learnerFile);
    return learner;
  }

  private static long generation(LearnerParams learner) {
    return learner.getEs().getGeneration();
  }

  /**
   * The learner from the cluster; else the learner file of an earlier run in the same folder (a resume on a fresh
   * broker: the weights carry over, Adam's moments start again); else a new schedule-aware learner made from
   * the base learner.
   */
  private LearnerParams ensureLearner(FleetPlan plan, Path learnerFile) throws IOException {
    Optional<LearnerParams> existing = admin.find(plan.learner());
    if (existing.isPresent()) {
      LearnerParams found = requireFleetLearner(existing.get());
      if (!sameSettings(found.getEs(), plan)) {
        throw new IllegalArgumentException("learner '" + plan.learner() + "' on the cluster trains with "
            + describe(found.getEs()) + " but the plan says " + describe(plan) + "; run the plan that made it, or "
            + "resume from its learner.json on a fresh broker (the plan's settings then apply)");
      }
      return found;
    }
    if (Files.exists(learnerFile)) {
      LearnerParams saved = requireFleetLearner(LearnerAdmin.readFile(learnerFile));
      // On a fresh broker the plan's ES settings apply from here on; the counters and the weights carry over.
      EsSettings settings = EsSettings.newBuilder(saved.getEs())
          .setSigma(plan.sigma())
          .setPairsPerGeneration(plan.pairsPerGeneration())
          .setLearningRate(plan.learningRate())
          .setSubspace(plan.subspace())
          .build();
      LearnerParams resumed = admin.publishAsNextVersion(LearnerParams.newBuilder(saved)
          .setName(plan.learner())
          .setEs(settings)
          .setOrigin("resumed from " + learnerFile.getFileName() + " (" + saved.getOrigin() + ")")
          .setCreatedAtMillis(System.currentTimeMillis())
          .build());
      out.printf("   resuming from %s at generation %d (%d runs so far) with %s%n", learnerFile,
          settings.getGeneration(), settings.getRunsUsed(), describe(settings));
      return resumed;
    }
    EsSettings es = EsSettings.newBuilder()
        .setSigma(plan.sigma())
        .setPairsPerGeneration(plan.pairsPerGeneration())
        .setLearningRate(plan.learningRate())
        .setSubspace(plan.subspace())
        .build();
    int stages = admin.get(plan.baseLearner()).getStages().size();
    if (stages != 1) {
      throw new IllegalArgumentException("base learner '" + plan.baseLearner() + "' has " + stages + " stages: fork"
          + " the one to start from first (mlrs learners fork " + plan.baseLearner() + " NAME --stage S)");
    }
    LearnerParams created = admin.grow(plan.baseLearner(), 0, plan.learner(), plan.progressInput(), plan.knots(),
        MetaObjective.FLEET_ES, es);
    out.printf("   created %s v%d from %s (%s, %s, zero-initialised)%n", created.getName(), created.getVersion(),
        plan.baseLearner(), plan.progressInput() ? "progress input" : "no progress input",
        plan.knots() > 0 ? plan.knots() + " knots" : "no progress head");
    return created;
  }

  private LearnerParams requireFleetLearner(LearnerParams learner) {
    if (learner.getObjective() != MetaObjective.FLEET_ES || learner.getEs() == null) {
      throw new IllegalArgumentException("learner '" + learner.getName() + "' is not trained by the fleet "
          + "objective; choose another name with --learner");
    }
    return learner;
  }

  static boolean sameSettings(EsSettings es, FleetPlan plan) {
    return es.getSigma() == plan.sigma() && es.getPairsPerGeneration() == plan.pairsPerGeneration()
        && es.getLearningRate() == plan.learningRate() && es.getSubspace() == plan.subspace();
  }

  private static String describe(EsSettings es) {
    return describe(es.getPairsPerGeneration(), es.getSubspace(), es.getSigma(), es.getLearningRate());
  }

  private static String describe(FleetPlan plan) {
    return describe(plan.pairsPerGeneration(), plan.subspace(), plan.sigma(), plan.learningRate());
  }

  private static String describe(int pairs, Object subspace, double sigma, double learningRate) {
    return String.format("%d pairs per generation, %s subspace, sigma %.3g, Adam %.3g", pairs, subspace, sigma,
        learningRate);
  }

  private List<JobOutcome> runGeneration(FleetPlan plan, LearnerParams learner, ExecutorService pool) {
    long done = generation(learner);
    List<Future<JobOutcome>> futures = new ArrayList<>();
    for (int p = 0; p < plan.pairsPerGeneration(); p++) {
      long pairIndex = done * plan.pairsPerGeneration() + p;
      TaskSpec task = plan.taskOfPair(pairIndex);
      long seed = plan.seedBase() + pairIndex;
      for (EsSide side : EsSide.values()) {
        String jobId = String.format("fleet-%s-g%d-p%d-%s-%s", plan.learner(), done, p, side.name().toLowerCase(),
            tag);
        futures.add(pool.submit(() -> train(plan.learner(), jobId, task, seed, side)));
      }
    }
    List<JobOutcome> outcomes = new ArrayList<>();
    for (Future<JobOutcome> future : futures) {
      try {
        outcomes.add(future.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a fleet job failed: " + e.getCause().getMessage(), e.getCause());
      }
    }
    return outcomes;
  }

  /** One enrolled job: the same seed (weights, data order, validation split) on both sides of its pair. */
  private JobOutcome train(String learner, String jobId, TaskSpec task, long seed, EsSide side) {
    TrainTest base = datasets.computeIfAbsent(task.name(), name -> PreparedTask.load(task));
    PreparedTask data = PreparedTask.of(task, base, seed);
    ServedLearningRate lr = new ServedLearningRate(FALLBACK_LR);
    MultiLayerNetwork net = Models.build(task.model(), data.train(), ModelOptions.builder()
        .seed(seed)
        .optimizer(task.optimizer())
        .weightDecay(task.weightDecay())
        .learningRate(new ServedLrSchedule(lr))
        .build());
    ServedTraining.Job job = ServedTraining.Job.enrolled(jobId, learner, task.name(), seed, side, FALLBACK_LR);
    ServedTraining.Result result = ServedTraining.train(cluster, job, net, data.train(), data.validation(), null,
        task.batchSize(), data.totalSteps(), seed, 0, step -> { });
    return new JobOutcome(task, seed, side, result.steps(), result.validationLoss(), result.validationAccuracy(),
        result.outcome().diverged());
  }

  private LearnerParams awaitNextVersion(String name, long version, List<JobOutcome> jobs) {
    long deadline = System.nanoTime() + GENERATION_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      LearnerParams latest = admin.get(name);
      if (latest.getVersion() > version) {
        return latest;
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
    }
    throw new IllegalStateException("the agent published no version of " + name + " after v" + version + " within "
        + GENERATION_TIMEOUT.toMinutes() + " min although all " + jobs.size() + " run results were sent; look at the "
        + "rejected topic for the reasons");
  }

  static GenerationSummary summarise(LearnerParams next, List<JobOutcome> jobs, double wallSeconds) {
    double fitness = jobs.stream().mapToDouble(JobOutcome::validationLoss).filter(Double::isFinite).average()
        .orElse(Double.NaN);
    double accuracy = jobs.stream().mapToDouble(JobOutcome::validationAccuracy).filter(Double::isFinite).average()
        .orElse(Double.NaN);
    return new GenerationSummary(next.getEs().getGeneration(), next.getVersion(), jobs.size(), fitness, accuracy,
        meanLrAt(jobs, 0.0), meanLrAt(jobs, 0.5), meanLrAt(jobs, 1.0), wallSeconds);
  }

  /** Mean over jobs of the LR served at this fraction of each job's run. */
  static double meanLrAt(List<JobOutcome> jobs, double fraction) {
    return jobs.stream().filter(j -> !j.steps().isEmpty()).mapToDouble(j -> {
      List<StepRecord> steps = j.steps();
      int index = (int) Math.min(steps.size() - 1, Math.round(fraction * (steps.size() - 1)));
      return steps.get(index).lr();
    }).average().orElse(Double.NaN);
  }
}
