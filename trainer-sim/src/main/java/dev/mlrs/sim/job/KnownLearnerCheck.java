package dev.mlrs.sim.job;

import dev.mlrs.client.LrReply;
import dev.mlrs.client.LrSource;

/**
 * Fails a job whose first reply says that the service does not know its learner. Without it a mistyped learner
 * name trains every step on the constant fallback LR and "succeeds" with one WARN line. Only the first reply is
 * checked: that is when the job attaches, and later rejections are the client's business (it falls back).
 */
final class KnownLearnerCheck implements LrSource {
  /** How the client words a rejected reply, and how the agent words an unknown learner (docs/protocol.md). */
  static final String UNKNOWN_LEARNER_REASON = "rejected by the service: unknown learner";

  private final LrSource delegate;
  private final String learner;
  private volatile boolean answered;

  KnownLearnerCheck(LrSource delegate, String learner) {
    this.delegate = delegate;
    this.learner = learner;
  }

  @Override
  public LrReply report(long step, double loss) {
    LrReply reply = delegate.report(step, loss);
    if (!answered && reply.reason() != null && reply.reason().startsWith(UNKNOWN_LEARNER_REASON)) {
      throw new UnknownLearnerException("the service has no learner '" + learner + "': "
          + reply.reason().substring("rejected by the service: ".length())
          + ". Use one of those (mlrs learners list), or allow training on the fallback LR (--allow-fallback).");
    }
    if (!reply.fallback() || reply.reason() == null || !reply.reason().startsWith("no reply")) {
      answered = true;
    }
    return reply;
  }

  @Override
  public boolean validationDue(long step) {
    return delegate.validationDue(step);
  }

  @Override
  public void reportValidation(long step, double valLoss, double hypergradient) {
    delegate.reportValidation(step, valLoss, hypergradient);
  }
}
