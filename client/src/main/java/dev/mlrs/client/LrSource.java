package dev.mlrs.client;

/**
 * What a training loop needs from the service: an LR per step and, for LEARN jobs, a place to send
 * validation hypergradients. {@link LrClient} is the real one; tests and adapters can use their own.
 */
public interface LrSource {

  /** The LR for {@code step}, given the step's minibatch loss before the update. Never blocks forever. */
  LrReply report(long step, double loss);

  /** True when the job should send a validation report for {@code step}. */
  boolean validationDue(long step);

  /** Sends the clean-validation hypergradient for a step for which {@link #validationDue} was true. */
  void reportValidation(long step, double valLoss, double hypergradient);
}
