package dev.mlrs.experiments;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.client.ClientSettings;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.sim.data.TrainTest;
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

/**
 * Runs an experiment: for every task, first the tuning runs (each baseline's grid on the tuning seed, selected
 * by clean validation accuracy; MLR-SNet LEARN entries get the same number of warm-up runs, which meta-train
 * their learner), then every schedule on every evaluation seed with the chosen hyperparameters. Jobs run
 * concurrently; MLR-SNet jobs are served by the agent on the given cluster.
 */
public final class ExperimentRunner {
  private final ClientSettings cluster;
  private final LearnerAdmin admin;
  private final RunExecutor executor;
  private final PrintStream out;
  /** Hyperparameters chosen by tuning, by experiment, task and schedule: later experiments may reuse them. */
  private final Map<String, Map<String, Double>> tuned = new ConcurrentHashMap<>();

  /** @param cluster and @param admin may be null when the experiment serves no schedule through the agent */
  public ExperimentRunner(ClientSettings cluster, LearnerAdmin admin, String tag, PrintStream out) {
    this.cluster = cluster;
    this.admin = admin;
    this.executor = new RunExecutor(cluster, tag);
    this.out = out;
  }

  /** The number of tuning runs every schedule gets: the largest grid (warm-up runs for MLR-SNet LEARN). */
  public static int tuningBudget(ExperimentPlan plan) {
    return plan.schedules().stream().filter(BaselineEntry.class::isInstance).map(BaselineEntry.class::cast)
        .mapToInt(b -> b.grid().size()).max().orElse(1);
  }

  public List<RunResult> run(ExperimentPlan plan, Path learnersDir) {
    out.printf("== experiment %s: %d task(s) x %d schedule(s) x %d seed(s), tuning budget %d run(s) per schedule, "
            + "%d jobs at a time%n", plan.name(), plan.tasks().size(), plan.schedules().size(), plan.seeds().size(),
        tuningBudget(plan), plan.concurrency());
    List<RunResult> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(plan.concurrency());
    try {
      for (TaskSpec task : plan.tasks()) {
        prepareLearners(plan, task);
        TrainTest base = PreparedTask.load(task);
        Map<Long, PreparedTask> bySeed = new ConcurrentHashMap<>();
        Map<String, Map<String, Double>> chosen = plan.hyperparametersFrom() == null
            ? tune(plan, task, base, bySeed, pool) : reuse(plan);
        chosen.forEach((schedule, params) -> tuned.put(key(plan.name(), task.name(), schedule), params));
        List<RunSpec> runs = new ArrayList<>();
        // served schedules first, all seeds together: LEARN jobs pool their gradients while local runs fill the CPU
        for (ScheduleEntry entry : servedFirst(plan.schedules())) {
          for (long seed : plan.seeds()) {
            runs.add(new RunSpec(plan.name(), task, entry, chosen.get(entry.name()), seed, false, plan.validateEvery(),
                plan.evaluations()));
          }
        }
        executeAll("eval", runs, base, bySeed, pool).forEach(o -> results.add(o.result()));
        exportLearners(plan, task, learnersDir);
      }
    } finally {
      pool.shutdownNow();
    }
    return results;
  }

  /** Runs every grid point of every tunable schedule on the tuning seed and keeps the best by validation accuracy. */
  private Map<String, Map<String, Double>> tune(ExperimentPlan plan, TaskSpec task, TrainTest base,
                                                Map<Long, PreparedTask> bySeed, ExecutorService pool) {
    int budget = tuningBudget(plan);
    List<RunSpec> runs = new ArrayList<>();
    Map<String, Map<String, Double>> chosen = new LinkedHashMap<>();
    for (ScheduleEntry entry : servedFirst(plan.schedules())) {
      if (entry instanceof ServedEntry served) {
        if (served.learns()) {
          for (int i = 0; i < budget; i++) {   // warm-up: meta-trains the learner with the same budget
            runs.add(new RunSpec(plan.name(), task, entry, Map.of(), plan.tuningSeed() + i, true,
                plan.validateEvery(), 0));
          }
        }
        chosen.put(entry.name(), Map.of());
        continue;
      }
      List<Map<String, Double>> grid = ((BaselineEntry) entry).grid();
      if (grid.size() <= 1) {
        chosen.put(entry.name(), grid.isEmpty() ? Map.of() : grid.get(0));
        continue;
      }
      for (Map<String, Double> point : grid) {
        runs.add(new RunSpec(plan.name(), task, entry, point, plan.tuningSeed(), true, plan.validateEvery(), 0));
      }
    }
    List<RunExecutor.Outcome> outcomes = executeAll("tune", runs, base, bySeed, pool);
    for (ScheduleEntry entry : plan.schedules()) {
      if (!(entry instanceof BaselineEntry baseline) || baseline.grid().size() <= 1) {
        continue;
      }
      RunExecutor.Outcome best = null;
      Map<String, Double> bestPoint = null;
      for (int i = 0; i < runs.size(); i++) {
        if (runs.get(i).schedule() == entry && (best == null || better(outcomes.get(i), best))) {
          best = outcomes.get(i);
          bestPoint = runs.get(i).params();
        }
      }
      chosen.put(entry.name(), bestPoint);
      RunSpec chosenRun = new RunSpec(plan.name(), task, entry, bestPoint, plan.tuningSeed(), true, 0, 0);
      out.printf("   tuned %s on %s: %s (validation accuracy %.2f %%)%n", entry.name(), task.name(),
          chosenRun.hyperparameters(), 100 * best.validationAccuracy());
    }
    return chosen;
  }

  private Map<String, Map<String, Double>> reuse(ExperimentPlan plan) {
    ExperimentPlan.TunedOn from = plan.hyperparametersFrom();
    Map<String, Map<String, Double>> chosen = new LinkedHashMap<>();
    for (ScheduleEntry entry : plan.schedules()) {
      if (entry instanceof ServedEntry) {
        chosen.put(entry.name(), Map.of());
        continue;
      }
      Map<String, Double> params = tuned.get(key(from.experiment(), from.task(), entry.name()));
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

  private static boolean better(RunExecutor.Outcome a, RunExecutor.Outcome b) {
    double va = a.result().diverged() ? -1 : a.validationAccuracy();
    double vb = b.result().diverged() ? -1 : b.validationAccuracy();
    return va > vb;
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
