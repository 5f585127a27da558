package dev.mlrs.client;

import java.util.concurrent.CompletableFuture;

/** An {@link LrSource} that can also ask for a step's LR without waiting for it ({@link LrClient} is one). */
public interface AsyncLrSource extends LrSource {

  /** Like {@link #report}, without blocking; the future always completes normally, at the latest on timeout. */
  CompletableFuture<LrReply> reportAsync(long step, double loss);
}
