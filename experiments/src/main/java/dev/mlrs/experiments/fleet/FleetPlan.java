package dev.mlrs.experiments.fleet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlrs.experiments.TaskSpec;
import dev.mlrs.schemas.EsSubspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A fleet meta-training run (docs/fleet.md): which learner to train, from which base, with which evolution-strategies
 * settings, on which task mix and for how many generations.
 *
 * @param learner            the schedule-aware learner to train (created from {@code baseLearner} when missing)
 * @param baseLearner        the learner whose weights the new one starts from (zero progress column and knots)
 * @param knots              knots of the progress head (0 when there is none)
 * @param progressInput      whether the learner reads the progress t/T (absent: true; false only for an ablation)
 * @param progressHead       whether the learner has a progress head (absent: true; false only for an ablation)
 * @param subspace           weights ES perturbs
 * @param sigma              perturbation scale
 * @param pairsPerGeneration antithetic pairs per generation (2 jobs each)
 * @param learningRate       Adam step size of the ES update
 * @param generations        generations to reach in total (a resumed run continues up to this number)
 * @param concurrency        jobs trained at the same time
 * @param seedBase           first meta-training seed: pair i of the whole run uses seed seedBase + i; keep it
 *                           apart from evaluation and tuning seeds
 * @param tasks              the task mix; pair i trains task i mod size
 */
public record FleetPlan(String learner, String baseLearner, int knots, Boolean progressInput, Boolean progressHead,
                        EsSubspace subspace, double sigma,
                        int pairsPerGeneration, double learningRate, int generations, int concurrency, long seedBase,
                        List<TaskSpec> tasks) {

  /** Evaluation seeds of the studies are small numbers and tuning seeds 100+; meta-training stays far above. */
  public static final long MIN_SEED_BASE = 10_000;

  public FleetPlan {
    Objects.requireNonNull(learner, "learner");
    baseLearner = baseLearner == null ? "mlrsnet-paper" : baseLearner;
    progressInput = progressInput == null || progressInput;
    progressHead = progressHead == null || progressHead;
    knots = !progressHead ? 0 : knots == 0 ? 6 : knots;
    subspace = subspace == null ? EsSubspace.HEAD : subspace;
    if (!(sigma > 0) || pairsPerGeneration < 1 || !(learningRate > 0) || generations < 1
        || (progressHead && knots < 2)) {
      throw new IllegalArgumentException("fleet plan " + learner + ": sigma, pairsPerGeneration, learningRate and "
          + "generations must be positive and a progress head needs at least 2 knots");
    }
    if (!progressHead && subspace == EsSubspace.HEAD) {
      throw new IllegalArgumentException("fleet plan " + learner + ": the HEAD subspace needs a progress head");
    }
    concurrency = concurrency < 1 ? 2 * pairsPerGeneration : concurrency;
    if (seedBase < MIN_SEED_BASE) {
      throw new IllegalArgumentException("fleet plan " + learner + ": seedBase must be at least " + MIN_SEED_BASE
          + " so that meta-training never uses an evaluation or tuning seed, got " + seedBase);
    }
    if (tasks == null || tasks.isEmpty()) {
      throw new IllegalArgumentException("fleet plan " + learner + " needs at least one task");
    }
    tasks = List.copyOf(tasks);
  }

  /** The task of the pair with this index over the whole run. */
  public TaskSpec taskOfPair(long pairIndex) {
    return tasks.get((int) (pairIndex % tasks.size()));
  }

  public FleetPlan withGenerations(int total) {
    return new FleetPlan(learner, baseLearner, knots, progressInput, progressHead, subspace, sigma,
        pairsPerGeneration, learningRate, total, concurrency, seedBase, tasks);
  }

  public FleetPlan withLearner(String name) {
    return new FleetPlan(name, baseLearner, knots, progressInput, progressHead, subspace, sigma,
        pairsPerGeneration, learningRate, generations, concurrency, seedBase, tasks);
  }

  private static final ObjectMapper JSON = JsonMapper.builder()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
      .build();

  public static FleetPlan read(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), FleetPlan.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** A built-in plan: resources /experiments/fleet-NAME.json (fleet-default trains the shipped learner). */
  public static FleetPlan preset(String name) throws IOException {
    String resource = "/experiments/fleet-" + name + ".json";
    try (InputStream in = FleetPlan.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fleet preset '" + name + "' (presets: default, quick)");
      }
      return JSON.readValue(in, FleetPlan.class);
    }
  }
}
