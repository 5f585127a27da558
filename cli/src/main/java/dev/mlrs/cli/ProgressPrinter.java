package dev.mlrs.cli;

import dev.mlrs.sim.job.StepRecord;
import java.io.PrintStream;
import java.util.function.Consumer;

/** Prints one line per job every {@code every} steps: step, loss, LR, learner version, round trip. */
final class ProgressPrinter {
  private final PrintStream out;
  private final int every;

  ProgressPrinter(PrintStream out, int every) {
    this.out = out;
    this.every = every;
  }

  Consumer<StepRecord> forJob(String label, long totalSteps) {
    return record -> {
      if (record.step() % every == 0 || record.step() == totalSteps - 1) {
        String line = String.format("%-24s step %5d/%d  loss %7.4f  lr %.5f%s  learner v%d  round trip %5.1f ms",
            label, record.step() + 1, totalSteps, record.loss(), record.lr(), record.fallback() ? " (fallback)" : "",
            record.learnerVersion(), record.roundTripMs());
        synchronized (out) {
          out.println(line);
        }
      }
    };
  }
}
