package dev.mlrs.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PipelinedLrSourceTest {

  /** Records every request; the LR of step s is s / 1000, so a reply tells which step it answers. */
  private static final class Recorder implements AsyncLrSource {
    final List<String> calls = new ArrayList<>();
    final List<CompletableFuture<LrReply>> unanswered = new ArrayList<>();
    final int validateEvery;
    boolean answerAtOnce = true;

    Recorder(int validateEvery) {
      this.validateEvery = validateEvery;
    }

    static LrReply reply(long step) {
      return new LrReply(step, step / 1000.0, false, null, "l", 1, 0, 1.0, 0.5, false, 0);
    }

    @Override
    public LrReply report(long step, double loss) {
      calls.add("wait " + step + " loss " + loss);
      return reply(step);
    }

    @Override
    public CompletableFuture<LrReply> reportAsync(long step, double loss) {
      calls.add("ahead " + step + " loss " + loss);
      if (answerAtOnce) {
        return CompletableFuture.completedFuture(reply(step));
      }
      CompletableFuture<LrReply> f = new CompletableFuture<>();
      unanswered.add(f);
      return f;
    }

    @Override
    public boolean validationDue(long step) {
      return validateEvery > 0 && (step + 1) % validateEvery == 0;
    }

    @Override
    public void reportValidation(long step, double valLoss, double hypergradient) {
      calls.add("validation " + step);
    }
  }

  @Test
  void asksForTheNextStepWithTheLatestLossAndServesEachStepItsOwnDecision() {
    Recorder source = new Recorder(0);
    PipelinedLrSource pipelined = new PipelinedLrSource(source, 4);
    for (int step = 0; step < 4; step++) {
      LrReply reply = pipelined.report(step, 10 + step);
      assertEquals(step, reply.step());
      assertEquals(step / 1000.0, reply.lr());
    }
    // Step 0 is waited for; each later step was asked for one step earlier with the loss known then; none past
    // the run's end.
    assertEquals(List.of("wait 0 loss 10.0", "ahead 1 loss 10.0", "ahead 2 loss 11.0", "ahead 3 loss 12.0"),
        source.calls);
    assertEquals(3, pipelined.servedAhead());
    assertEquals(0, pipelined.waitedAhead());
  }

  @Test
  void aValidationStepIsNotAskedAheadSoItsReportComesBeforeTheNextStep() {
    Recorder source = new Recorder(3);   // steps 2, 5, ... are validation steps
    PipelinedLrSource pipelined = new PipelinedLrSource(source, 0);
    for (int step = 0; step < 5; step++) {
      pipelined.report(step, step);
      if (source.validationDue(step)) {
        pipelined.reportValidation(step, 1.0, 0.1);
      }
    }
    assertEquals(List.of("wait 0 loss 0.0", "ahead 1 loss 0.0", "ahead 2 loss 1.0", "validation 2",
        "wait 3 loss 3.0", "ahead 4 loss 3.0", "ahead 5 loss 4.0"), source.calls);
  }

  @Test
  void aReplyNotThereYetIsWaitedForAndCounted() throws Exception {
    Recorder source = new Recorder(0);
    source.answerAtOnce = false;
    PipelinedLrSource pipelined = new PipelinedLrSource(source, 0);
    pipelined.report(0, 1.0);
    Thread answer = new Thread(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      source.unanswered.get(0).complete(Recorder.reply(1));
    });
    answer.start();
    assertEquals(1, pipelined.report(1, 2.0).step());
    answer.join();
    assertEquals(1, pipelined.waitedAhead());
  }

  @Test
  void aSkippedStepNumberIsWaitedForAndTheStaleAskIsDropped() {
    Recorder source = new Recorder(0);
    PipelinedLrSource pipelined = new PipelinedLrSource(source, 0);
    pipelined.report(0, 1.0);
    assertEquals(7, pipelined.report(7, 2.0).step());
    assertEquals("wait 7 loss 2.0", source.calls.get(2));
  }

  @Test
  void refusesANegativeTotal() {
    assertThrows(IllegalArgumentException.class, () -> new PipelinedLrSource(new Recorder(0), -1));
  }
}
