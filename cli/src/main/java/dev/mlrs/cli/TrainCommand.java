package dev.mlrs.cli;

import dev.mlrs.agent.admin.LearnerAdmin;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.sim.job.JobResult;
import dev.mlrs.sim.job.JobSpec;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One training job. Against a given cluster it needs a running agent; without one it starts both. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train one real DL4J job with served LRs (starts an embedded broker and an agent when no cluster is "
        + "given).")
final class TrainCommand implements Callable<Integer> {
  @Mixin
  ClusterOptions cluster;

  @Mixin
  JobOptionsMixin job;

  @Option(names = "--job-id", description = "Job id (default: a fresh one).")
  String jobId;

  @Option(names = "--learner", defaultValue = "default", description = "Learner to use (default: ${DEFAULT-VALUE}).")
  String learner;

  @Option(names = "--mode", defaultValue = "FROZEN", description = "LEARN or FROZEN (default: ${DEFAULT-VALUE}).")
  LearnerMode mode;

  @Option(names = "--progress-every", defaultValue = "100",
      description = "Print progress every N steps (default: ${DEFAULT-VALUE}).")
  int progressEvery;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    job.validate();
    OptionChecks.atLeast("--progress-every", progressEvery, 1);
    String id = jobId != null ? jobId : "train-" + Long.toString(System.currentTimeMillis(), 36);
    JobSpec spec = job.spec(id, learner, mode, 0);
    DataPreparation.prepare(List.of(job.dataset), out);
    try (Cluster kafka = Cluster.open(cluster, out)) {
      if (kafka.embedded()) {
        kafka.startAgent(kafka.agentSettings(), out);
      }
      try (LearnerAdmin admin = kafka.learnerAdmin()) {
        LearnerCheck.require(admin, learner, mode, job.allowFallback, out);
      }
      List<JobResult> results = DemoCommand.runAll(List.of(spec), kafka, new ProgressPrinter(out, progressEvery));
      out.println();
      out.print(ResultTable.of(results));
    }
    return 0;
  }
}
