package dev.mlrs.cli;

import dev.mlrs.agent.app.AgentSettings;
import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.sim.job.JobResult;
import dev.mlrs.sim.job.JobSpec;
import dev.mlrs.sim.job.TrainingJob;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The whole system in one command: a broker (embedded unless given), an agent, and a few concurrent real
 * DL4J jobs. LEARN jobs train the shared {@code default} learner online; the FROZEN one uses the
 * reference's three-stage schedule.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start a broker (embedded by default) and an agent, train a few real DL4J jobs on learned LRs, "
        + "print a summary.")
final class DemoCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Mixin
  HttpPortOption http;

  @Mixin
  JobOptionsMixin job;

  @Option(names = "--learn-jobs", defaultValue = "1",
      description = "Jobs in LEARN mode on learner 'mlrsnet-paper', the paper's online objective (default: "
          + "${DEFAULT-VALUE}).")
  int learnJobs;

  @Option(names = "--frozen-jobs", defaultValue = "2",
      description = "Jobs in FROZEN mode on learner 'default', the fleet-trained schedule (default: "
          + "${DEFAULT-VALUE}).")
  int frozenJobs;

  @Option(names = "--progress-every", defaultValue = "100",
      description = "Print progress every N steps (default: ${DEFAULT-VALUE}).")
  int progressEvery;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    job.validate();
    OptionChecks.atLeast("--learn-jobs", learnJobs, 0);
    OptionChecks.atLeast("--frozen-jobs", frozenJobs, 0);
    OptionChecks.atLeast("--progress-every", progressEvery, 1);
    List<JobSpec> specs = new ArrayList<>();
    String run = Long.toString(System.currentTimeMillis() % 100000, 36);
    for (int i = 0; i < learnJobs; i++) {
      specs.add(job.spec("demo-" + run + "-learn-" + (i + 1), LearnerAdmin.PAPER_LEARNER, LearnerMode.LEARN, i));
    }
    for (int i = 0; i < frozenJobs; i++) {
      specs.add(job.spec("demo-" + run + "-frozen-" + (i + 1), LearnerAdmin.DEFAULT_LEARNER,
          LearnerMode.FROZEN, learnJobs + i));
    }
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("nothing to run: --learn-jobs and --frozen-jobs are both 0");
    }
    DataPreparation.prepare(List.of(job.dataset), out);
    try (Cluster kafka = Cluster.open(cluster, out)) {
      AgentSettings settings = http.apply(kafka.agentSettings(), kafka.configures("mlrs.http.port"), out);
      kafka.startAgent(settings.withTrainer(settings.trainer().withUpdateBatch(Math.max(1, learnJobs))), out);
      out.printf("Training %d job(s) of %d steps on %s with a %s, batch %d ...%n", specs.size(), job.steps, job.dataset,
          job.model, job.batchSize);
      List<JobResult> results = runAll(specs, kafka, new ProgressPrinter(out, progressEvery));
      out.println();
      out.print(ResultTable.of(results));
      out.println("LR round trip (RTT) = report sent -> decision received by the job, through the broker; "
          + (settings.exactlyOnce() ? "under exactly-once the agent's commit interval ("
          + settings.commitInterval().toMillis() + " ms) sets its floor." : "at-least-once (idempotent serving):"
          + " it does not wait for the agent's commit."));
    }
    return 0;
  }

  static List<JobResult> runAll(List<JobSpec> specs, Cluster kafka, ProgressPrinter progress)
      throws InterruptedException, ExecutionException {
    ExecutorService pool = Executors.newFixedThreadPool(specs.size());
    try {
      List<Future<JobResult>> futures = new ArrayList<>();
      for (JobSpec spec : specs) {
        String label = spec.jobId().replaceFirst("^demo-[a-z0-9]+-", "") + " [" + spec.learner() + "]";
        futures.add(pool.submit(() -> TrainingJob.run(spec, kafka.clientSettings(),
            progress.forJob(label, spec.steps()))));
      }
      List<JobResult> results = new ArrayList<>();
      for (Future<JobResult> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
