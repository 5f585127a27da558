package dev.mlrs.experiments;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An experiment: tasks x schedules x seeds (docs/experiments.md describes the JSON file).
 *
 * @param name        experiment name (reports group by it)
 * @param seeds       evaluation seeds (at least 3 for mean +- std)
 * @param tuningSeed  seed of the tuning runs (kept apart from the evaluation seeds)
 * @param concurrency jobs trained at the same time
 * @param validateEvery MLR-SNet LEARN jobs send a hypergradient every this many steps
 * @param evaluations test-accuracy evaluations along each run (for the accuracy curves)
 * @param hyperparametersFrom null: tune on each task; else reuse the choices made for that experiment's task
 * @param tasks       the tasks
 * @param schedules   the schedules compared on every task
 */
public record ExperimentPlan(String name, List<Long> seeds, long tuningSeed, int concurrency, int validateEvery,
                             int evaluations, TunedOn hyperparametersFrom, List<TaskSpec> tasks,
                             List<ScheduleEntry> schedules) {

  /**
   * Take every baseline's hyperparameters from the tuning of an earlier experiment's task instead of tuning
   * again (transfer: the baselines, like the learner, are tuned on the source task only).
   */
  public record TunedOn(String experiment, String task) {
  }

  public ExperimentPlan {
    Objects.requireNonNull(name, "experiment name");
    if (seeds == null || seeds.isEmpty() || tasks == null || tasks.isEmpty() || schedules == null
        || schedules.isEmpty()) {
      throw new IllegalArgumentException("experiment " + name + " needs seeds, tasks and schedules");
    }
    concurrency = concurrency < 1 ? 2 : concurrency;
    validateEvery = validateEvery < 1 ? 20 : validateEvery;
    evaluations = evaluations < 1 ? 10 : evaluations;
    seeds = List.copyOf(seeds);
    tasks = List.copyOf(tasks);
    schedules = List.copyOf(schedules);
  }

  /** A study file: experiments run in order on one cluster, so a later one can use an earlier one's learners. */
  public record Study(String name, List<ExperimentPlan> experiments) {
  }

  /**
   * Strict: an unknown field is an error. Modes may be written in any case ("LEARN", "learn"). Comments
   * ({@code //} and {@code /* *\/}) are allowed, so that plan files can explain themselves.
   */
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
      .addModule(new SimpleModule("schedule-entries").addDeserializer(ScheduleEntry.class, new ScheduleEntryReader()))
      .build();

  /** The built-in presets: resources /experiments/NAME.json. */
  private static final List<String> PRESETS = List.of("quick", "study", "fleet-study");

  /** Reads a study file ({"name", "experiments": [...]}) or a single experiment file. */
  public static Study read(Path file) throws IOException {
    try {
      return parse(JSON.readTree(file.toFile()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a built-in preset from the classpath: "quick" (a few minutes, the CI smoke test), "study" (the study of
   * docs/results.md) or "fleet-study" (10 and 5 seeds, every baseline re-tuned per task, frozen learners).
   *
   * @throws IllegalArgumentException when there is no preset of that name
   */
  public static Study preset(String name) throws IOException {
    String resource = "/experiments/" + name + ".json";
    try (InputStream in = ExperimentPlan.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no preset '" + name + "' (presets: " + String.join(", ", PRESETS) + ")");
      }
      try {
        return parse(JSON.readTree(in));
      } catch (IOException | IllegalArgumentException e) {
        throw new IOException("preset " + name + " (" + resource + "): " + e.getMessage(), e);
      }
    }
  }

  private static Study parse(JsonNode tree) throws IOException {
    if (tree.has("experiments")) {
      return JSON.treeToValue(tree, Study.class);
    }
    ExperimentPlan plan = JSON.treeToValue(tree, ExperimentPlan.class);
    return new Study(plan.name(), List.of(plan));
  }
}
