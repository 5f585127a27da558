package dev.mlrs.experiments;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.client.ClientSettings;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.sim.data.TrainTest;
import dev.mlrs.experiments.report.LrBracket;
import dev.mlrs.experiments.report.RunResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs an experiment: for every task, first the tuning runs (each baseline's grid on the tuning seed, selected
 * by clean validation accuracy and widened while the best learning rate sits at its edge, see
 * {@link GridSearch}; MLR-SNet LEARN entries get as many warm-up runs as the largest grid has points, which
 * meta-train their learner), then every schedule on every evaluation seed with the chosen hyperparameters. Jobs
 * run concurrently; MLR-SNet jobs are served by the agent on the given cluster. The results hold the tuning and
 * warm-up runs (phase tune) followed by the evaluation runs (phase eval).
 */
public final class ExperimentRunner {
  private final ClientSettings cluster;
  private final LearnerAdmin admin;
  private final Trainer executor;
  private final PrintStream out;
  /** Hyperparameters chosen by tuning, by experiment, task and schedule: later experiments may reuse them. */
  private final Map<String, Choice> tuned = new ConcurrentHashMap<>();

  /** Trains one run; {@link RunExecutor} in production, a fake in tests of the tuning logic. */
  interface Trainer {
    RunExecutor.Outcome run(RunSpec run, PreparedTask data);
  }

  /** A schedule's setting for the evaluation runs, and where its learning rate sat in the tuning grid. */
  private record Choice(Map<String, Double> params, LrBracket bracket) {
    static final Choice UNTUNED = new Choice(Map.of(), LrBracket.NONE);
  }

  /** @param cluster and @param admin may be null when the experiment serves no schedule through the agent */
  public ExperimentRunner(ClientSettings cluster, LearnerAdmin admin, String tag, PrintStream out) {
    this(cluster, admin, new RunExecutor(cluster, tag)::run, out);
  }

  ExperimentRunner(ClientSettings cluster, LearnerAdmin admin, Trainer executor, PrintStream out) {
    this.cluster = cluster;
    this.admin = admin;
    this.executor = executor;
    this.out = out;
  }

  /** The number of tuning runs every schedule gets: the largest grid (warm-up runs for MLR-SNet LEARN). */
  public static int tuningBudget(ExperimentPlan plan) {
    return plan.schedules().stream().filter(BaselineEntry.class::isInstance).map(BaselineEntry.class::cast)
        .mapToInt(b -> b.grid().size()).max().orElse(1);
  }

  public List<RunResult> run(ExperimentPlan plan, Path learnersDir) {
    out.printf("== experiment %s: %d task(s) x %d schedule(s) x %d seed(s), tuning grids of up to %d run(s) per "
            + "schedule (+ up to %d to bracket the learning rate), %d jobs at a time%n", plan.name(),
        plan.tasks().size(), plan.schedules().size(), plan.seeds().size(), tuningBudget(plan),
        GridSearch.DEFAULT_MAX_EXTENSIONS, plan.concurrency());
    List<RunResult> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(plan.concurrency());
    try {
      for (TaskSpec task : plan.tasks()) {
        prepareLearners(plan, task);
        TrainTest base = PreparedTask.load(task);
        Map<Long, PreparedTask> bySeed = new ConcurrentHashMap<>();
        Map<String, Choice> chosen = plan.hyperparametersFrom() == null
            ? tune(plan, task, base, bySeed, pool, results) : reuse(plan);
        chosen.forEach((schedule, choice) -> tuned.put(key(plan.name(), task.name(), schedule), choice));
        List<RunSpec> runs = new ArrayList<>();
        // served schedules first, all seeds together: LEARN jobs pool their gradients while local runs fill the CPU
        for (ScheduleEntry entry : servedFirst(plan.schedules())) {
          for (long seed : plan.seeds()) {
            runs.add(new RunSpec(plan.name(), task, entry, chosen.get(entry.name()).params(), seed, false,
                plan.validateEvery(), plan.evaluations()));
          }
        }
        List<RunExecutor.Outcome> outcomes = executeAll("eval", runs, base, bySeed, pool);
        for (int i = 0; i < runs.size(); i++) {
          LrBracket bracket = chosen.get(runs.get(i).schedule().name()).bracket();
          results.add(outcomes.get(i).result().withLrBracket(bracket));
        }
        exportLearners(plan, task, learnersDir);
      }
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  /**
   * Tunes every baseline with more than one grid point ({@link GridSearch}: the grid on the tuning seed, widened
   * past an edge while the best learning rate sits there) and runs the warm-up of the LEARN entries with the first
   * round. The rounds of all baselines run together, so the pool stays busy. Every tuning run is added to
   * {@code rows}.
   */
  private Map<String, Choice> tune(ExperimentPlan plan, TaskSpec task, TrainTest base, Map<Long, PreparedTask> bySeed,
                                   ExecutorService pool, List<RunResult> rows) {
    int budget = tuningBudget(plan);
    List<RunSpec> round = new ArrayList<>();
    Map<String, Choice> chosen = new LinkedHashMap<>();
    Map<BaselineEntry, GridSearch> searches = new LinkedHashMap<>();
    for (ScheduleEntry entry : servedFirst(plan.schedules())) {
      if (entry instanceof ServedEntry served) {
        if (served.learns()) {
          for (int i = 0; i < budget; i++) {   // warm-up: meta-trains the learner with the same budget
            round.add(new RunSpec(plan.name(), task, entry, Map.of(), plan.tuningSeed() + i, true,
                plan.validateEvery(), 0));
          }
        }
        chosen.put(entry.name(), Choice.UNTUNED);
        continue;
      }
      List<Map<String, Double>> grid = ((BaselineEntry) entry).grid();
      if (grid.size() <= 1) {
        chosen.put(entry.name(), new Choice(grid.isEmpty() ? Map.of() : grid.get(0), LrBracket.NONE));
        continue;
      }
      searches.put((BaselineEntry) entry, new GridSearch(grid, GridSearch.DEFAULT_MAX_EXTENSIONS));
    }
    for (int number = 0; true; number++) {
      for (Map.Entry<BaselineEntry, GridSearch> e : searches.entrySet()) {
        for (Map<String, Double> point : e.getValue().pending()) {
          round.add(new RunSpec(plan.name(), task, e.getKey(), point, plan.tuningSeed(), true, plan.validateEvery(),
              0));
        }
      }
      if (round.isEmpty()) {
        break;
      }
      List<RunExecutor.Outcome> outcomes = executeAll(number == 0 ? "tune" : "tune, widened " + number, round, base,
          bySeed, pool);
      outcomes.forEach(o -> rows.add(o.result()));
      for (Map.Entry<BaselineEntry, GridSearch> e : searches.entrySet()) {
        List<GridSearch.Score> scores = new ArrayList<>();
        for (int i = 0; i < round.size(); i++) {
          if (round.get(i).schedule() == e.getKey()) {
            RunExecutor.Outcome o = outcomes.get(i);
            scores.add(new GridSearch.Score(o.validationAccuracy(), o.result().diverged()));
          }
        }
        if (!e.getValue().finished()) {
          e.getValue().record(scores);
          e.getValue().extension().ifPresent(x -> printExtension(e.getKey(), task, e.getValue(), x));
        }
      }
      round = new ArrayList<>();
    }
    searches.forEach((entry, search) -> {
      GridSearch.Result result = search.result();
      chosen.put(entry.name(), new Choice(result.best(), result.bracket()));
      RunSpec chosenRun = new RunSpec(plan.name(), task, entry, result.best(), plan.tuningSeed(), true, 0, 0);
      out.printf("   tuned %s on %s: %s (validation accuracy %.2f %%%s), lr bracketed: %s%n", entry.name(),
          task.name(), chosenRun.hyperparameters(), 100 * result.score().validationAccuracy(),
          result.score().diverged() ? ", DIVERGED" : "", bracketText(result));
    });
    return chosen;
  }

  private void printExtension(BaselineEntry entry, TaskSpec task, GridSearch search, GridSearch.Extension x) {
    GridSearch.Trial best = search.best();
    out.printf("   widening the grid of %s on %s: best so far %s (validation accuracy %.2f %%%s) has the %s learning "
            + "rate tried; adding %s (%d of at most %d)%n", entry.name(), task.name(), describe(x.from()),
        100 * best.score().validationAccuracy(), best.score().diverged() ? ", DIVERGED" : "",
        x.upward() ? "highest" : "lowest", describe(x.to()), x.number(), GridSearch.DEFAULT_MAX_EXTENSIONS);
  }

  private static String describe(Map<String, Double> point) {
    return point.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + RunSpec.format(e.getValue())).collect(Collectors.joining(", "));
  }

  private static String bracketText(GridSearch.Result result) {
    return switch (result.bracket()) {
      case INSIDE -> "yes";
      case LOWEST -> "NO, lowest tried after " + result.extensions() + " extension(s)";
      case HIGHEST -> "NO, highest tried after " + result.extensions() + " extension(s)";
      case DIVERGED -> "NO, every setting diverged";
      case NONE -> "n/a (the grid does not vary the learning rate)";
    };
  }

  private Map<String, Choice> reuse(ExperimentPlan plan) {
    ExperimentPlan.TunedOn from = plan.hyperparametersFrom();
    Map<String, Choice> chosen = new LinkedHashMap<>();
    for (ScheduleEntry entry : plan.schedules()) {
      if (entry instanceof ServedEntry) {
        chosen.put(entry.name(), Choice.UNTUNED);
        continue;
      }
      Choice params = tuned.get(key(from.experiment(), from.task(), entry.name()));
      if (params == null) {
        throw new IllegalArgumentException("experiment " + plan.name() + " takes hyperparameters from "
            + from.experiment() + "/" + from.task() + ", which did not tune '" + entry.name()
            + "' (run it first, in the same study)");
      }
      chosen.put(entry.name(), params);
    }
    out.printf("   hyperparameters as tuned in %s/%s: %s%n", from.experiment(), from.task(), chosen);
    return chosen;
  }

  private static String key(String experiment, String task, String schedule) {
    return experiment + "/" + task + "/" + schedule;
  }

  private List<RunExecutor.Outcome> executeAll(String phase, List<RunSpec> runs, TrainTest base,
                                               Map<Long, PreparedTask> bySeed, ExecutorService pool) {
    AtomicInteger done = new AtomicInteger();
    long started = System.nanoTime();
    List<Future<RunExecutor.Outcome>> futures = new ArrayList<>();
    for (RunSpec run : runs) {
      futures.add(pool.submit(() -> {
        PreparedTask data = bySeed.computeIfAbsent(run.seed(), s -> PreparedTask.of(run.task(), base, s));
        RunExecutor.Outcome outcome = executor.run(run, data);
        int n = done.incrementAndGet();
        double elapsed = (System.nanoTime() - started) / 1e9;
        RunResult r = outcome.result();
        synchronized (out) {
          out.printf("   [%s %d/%d] %s %s(%s) seed %d: test %.2f %% | validation %.2f %% | loss %.4f%s | %.0f s"
                  + " | %s left ~%.0f s%n", phase, n, runs.size(), r.task(), r.schedule(), r.hyperparameters(),
              r.seed(), 100 * r.testAccuracy(), 100 * outcome.validationAccuracy(), r.finalTrainLoss(),
              r.diverged() ? " DIVERGED" : "", r.wallSeconds(), phase, elapsed / n * (runs.size() - n));
          if (outcome.note() != null) {
            out.println("      " + outcome.note());
          }
        }
        return outcome;
      }));
    }
    List<RunExecutor.Outcome> outcomes = new ArrayList<>();
    for (Future<RunExecutor.Outcome> f : futures) {
      try {
        outcomes.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a run failed: " + e.getCause().getMessage(), e.getCause());
      }
    }
    return outcomes;
  }

  /** MLR-SNet runs wait on the agent for every step: start them first so that local runs fill the gaps. */
  private static List<ScheduleEntry> servedFirst(List<ScheduleEntry> entries) {
    List<ScheduleEntry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(e -> e instanceof ServedEntry ? 0 : 1));
    return sorted;
  }

  /** Forks the learners that entries ask to start fresh, before the task's first run. */
  private void prepareLearners(ExperimentPlan plan, TaskSpec task) {
    for (ScheduleEntry entry : plan.schedules()) {
      if (!(entry instanceof ServedEntry served) || served.forkSourceFor(task.name()).isEmpty()) {
        continue;
      }
      String source = served.forkSourceFor(task.name()).get();
      requireAdmin(entry);
      String name = served.learnerFor(task.name());
      LearnerParams from;
      if (source.startsWith(ServedEntry.FILE_SOURCE)) {
        try {
          from = LearnerAdmin.readFile(Path.of(source.substring(ServedEntry.FILE_SOURCE.length())));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        from = admin.find(source).orElseThrow(() -> new IllegalArgumentException("schedule " + entry.name()
            + " forks learner '" + source + "', which this cluster does not have (run the experiment that trains it"
            + " first, or use file:PATH)"));
      }
      LearnerParams published = admin.fork(from, 0, name);
      out.printf("   learner %s@%d forked from %s@%d%n", name, published.getVersion(), from.getName(),
          from.getVersion());
    }
  }

  /** Saves every learner a LEARN entry trained on this task, as learner files in {@code dir}. */
  private void exportLearners(ExperimentPlan plan, TaskSpec task, Path dir) {
    if (dir == null || admin == null) {
      return;
    }
    for (ScheduleEntry entry : plan.schedules()) {
      if (entry instanceof ServedEntry served && served.learns()) {
        String name = served.learnerFor(task.name());
        if (admin.find(name).isEmpty()) {
          continue;
        }
        Path file = dir.resolve(name + ".json");
        try {
          LearnerParams saved = admin.export(name, file);
          out.printf("   learner %s@%d (%d meta-gradients applied) saved to %s%n", name, saved.getVersion(),
              saved.getGradientsApplied(), file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private void requireAdmin(ScheduleEntry entry) {
    if (admin == null || cluster == null) {
      throw new IllegalStateException("schedule " + entry.name() + " uses the agent, but no cluster was given");
    }
  }
}
