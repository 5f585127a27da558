package dev.mlrs.agent.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.serde.AvroSerde;
import dev.mlrs.schemas.serde.MlrsSerdes;
import dev.mlrs.schemas.state.JobState;
import dev.mlrs.schemas.state.KeptDecision;
import dev.mlrs.schemas.state.RecentDecision;
import dev.mlrs.schemas.state.ReportCrc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ring keeps neither the LR nor the clamp flag, and gamma and stage only where they differ from the job's:
 * a re-delivered report must still get the decision it got first, bit for bit. Each state goes through the store's
 * serde between steps, as it does in the agent.
 */
class DecisionRingTest {
  private static final AvroSerde<JobState> SERDE = AvroSerde.of(JobState.class);
  private static final Learner PAPER = Learner.of(LearnerFactory.paper(0L));
  private static final Learner THREE_STAGE = Learner.of(LearnerFactory.shipped(0L).stream()
      .filter(p -> p.getName().equals(LearnerFactory.REFERENCE_THREE_STAGE)).findFirst().orElseThrow());

  /** Serves reports one by one as StepProcessor does, and remembers what each step was told. */
  private static final class Job {
    final JobStepper stepper = new JobStepper();
    final Map<Long, DecisionRing.Decision> told = new HashMap<>();
    final Map<Long, StepReport> reports = new HashMap<>();
    JobState state;

    DecisionRing.Decision serve(StepReport report, Learner learner) {
      int crc = DecisionRing.fingerprint(MlrsSerdes.STEP_REPORT.encode(report));
      JobStepper.Served served = stepper.step(state, report, learner);
      JobState next = served.next();
      next.setDecisions(DecisionRing.after(state, next, crc, served.output()));
      state = SERDE.decode(SERDE.encode(next));
      DecisionRing.Decision decision = new DecisionRing.Decision(report.getStep(), learner.version(),
          served.stage(), served.gamma(), served.output(), served.lr(), served.clamped());
      told.put(report.getStep(), decision);
      reports.put(report.getStep(), report);
      return decision;
    }

    /** The decision a re-delivery of the step's report gets now. */
    DecisionRing.Lookup again(long step) {
      StepReport report = reports.get(step);
      return DecisionRing.find(state, report.getJob(), report,
          DecisionRing.fingerprint(MlrsSerdes.STEP_REPORT.encode(report)));
    }

    /** Every kept step, re-delivered, gets exactly what it was told. */
    void assertEveryKeptStepIsAnsweredAsFirst() {
      List<DecisionRing.Entry> kept = DecisionRing.entries(state);
      assertTrue(!kept.isEmpty());
      for (DecisionRing.Entry e : kept) {
        DecisionRing.Lookup again = again(e.step());
        assertNull(again.problem());
        assertIdentical(told.get(e.step()), again.decision());
      }
    }
  }

  private static StepReport.Builder report(long step, double loss) {
    return StepReport.newBuilder().setJob("j").setStep(step).setLoss(loss).setLearner(LearnerFactory.MLRSNET_PAPER)
        .setMode(LearnerMode.FROZEN).setNumClasses(10).setReferenceLoss(2.3).setLrMin(0).setLrMax(10);
  }

  /** Equal as the doubles' bits, not within a tolerance: a re-delivery must be the same reply. */
  private static void assertIdentical(DecisionRing.Decision expected, DecisionRing.Decision actual) {
    assertNotNull(actual);
    assertEquals(expected.step(), actual.step());
    assertEquals(Double.doubleToRawLongBits(expected.lr()), Double.doubleToRawLongBits(actual.lr()),
        "lr of step " + expected.step());
    assertEquals(expected.clamped(), actual.clamped(), "clamped at step " + expected.step());
    assertEquals(Double.doubleToRawLongBits(expected.gamma()), Double.doubleToRawLongBits(actual.gamma()));
    assertEquals(Double.doubleToRawLongBits(expected.output()), Double.doubleToRawLongBits(actual.output()));
    assertEquals(expected.stage(), actual.stage());
    assertEquals(expected.learnerVersion(), actual.learnerVersion());
    assertEquals(expected, actual);
  }

  @Test
  void aReDeliveryGetsTheSameLrAndClampFlagWhetherRaisedLoweredOrNotClamped() {
    Job job = new Job();
    // The paper's cell serves gamma * output with output in (0, 1) and gamma = 0.67 here: a floor of 0.9 always
    // raises it, a ceiling of 1e-6 always lowers it; the bounds change from step to step, as a job may do.
    double[][] bounds = {{0, 10}, {0.9, 1.0}, {0, 1e-6}, {0.9, 1.0}, {0, 10}, {0, 1e-6}, {1e-4, 5}, {0.9, 0.9}};
    for (int t = 0; t < bounds.length; t++) {
      DecisionRing.Decision d = job.serve(report(t, 2.3 - 0.2 * t).setLrMin(bounds[t][0]).setLrMax(bounds[t][1])
          .build(), PAPER);
      boolean clamped = bounds[t][0] > 0.5 || bounds[t][1] < 1e-3;
      assertEquals(clamped, d.clamped(), "step " + t);
      assertEquals(clamped ? (bounds[t][0] > 0.5 ? bounds[t][0] : bounds[t][1]) : d.gamma() * d.output(), d.lr());
    }
    assertEquals(DecisionRing.SIZE, job.state.getDecisions().size());
    job.assertEveryKeptStepIsAnsweredAsFirst();
  }

  @Test
  void aReportWithOtherBytesForAKeptStepIsRefused() {
    Job job = new Job();
    job.serve(report(0, 2.3).build(), PAPER);
    job.serve(report(1, 2.2).build(), PAPER);
    // Only the bounds differ, so the recomputed LR would differ too: it must be a different report, not a match.
    StepReport other = report(1, 2.2).setLrMin(0.9).setLrMax(1.0).build();
    DecisionRing.Lookup lookup = DecisionRing.find(job.state, "j", other,
        DecisionRing.fingerprint(MlrsSerdes.STEP_REPORT.encode(other)));
    assertNull(lookup.decision());
    assertTrue(lookup.problem().contains("different report"), lookup.problem());
  }

  @Test
  void aStageSwitchWritesTheOldStageAndGammaIntoTheKeptDecisions() {
    Job job = new Job();
    // 12 steps: stages 0, 1, 2 from steps 0, 4, 8; gamma is recomputed from each switch's reference loss.
    for (int t = 0; t < 12; t++) {
      double loss = 2.3 - 0.15 * t;
      job.serve(report(t, loss).setLearner(LearnerFactory.REFERENCE_THREE_STAGE).setTotalSteps(12)
          .setReferenceLoss(loss).build(), THREE_STAGE);
      job.assertEveryKeptStepIsAnsweredAsFirst();
    }
    assertEquals(1, job.told.get(7L).stage());
    assertEquals(2, job.told.get(8L).stage());
    assertNotEquals(job.told.get(7L).gamma(), job.told.get(8L).gamma(), "the switch changed gamma");
    // Steps 4..11 are kept: those of stage 1 carry their stage and gamma, those of the job's stage 2 do not.
    List<KeptDecision> ring = job.state.getDecisions();
    assertEquals(DecisionRing.SIZE, ring.size());
    for (int i = 0; i < ring.size(); i++) {
      long step = 4 + i;
      KeptDecision d = ring.get(i);
      assertEquals(11 - step, d.getStepsBack());
      if (step < 8) {
        assertEquals(1, d.getServedAt().getStage());
        assertEquals(job.told.get(step).gamma(), d.getServedAt().getGamma());
      } else {
        assertNull(d.getServedAt(), "step " + step + " was served at the job's stage and gamma");
      }
    }
  }

  @Test
  void keptDecisionsKeepTheLearnerVersionThatServedThem() {
    Job job = new Job();
    for (int t = 0; t < 6; t++) {
      // A LEARN job whose learner moves on (online meta-updates) between steps, and a step that is skipped.
      long version = 100_000 + t / 2;
      Learner learner = Learner.of(LearnerParams.newBuilder(LearnerFactory.paper(0L)).setVersion(version).build());
      job.serve(report(t == 5 ? 1_000 : t, 2.3 - 0.1 * t).setMode(LearnerMode.LEARN).setValidate(true).build(),
          learner);
    }
    assertEquals(100_002L, job.state.getLearnerVersion());
    assertEquals(List.of(2L, 2L, 1L, 1L, 0L, 0L),
        job.state.getDecisions().stream().map(KeptDecision::getVersionsBack).toList());
    assertEquals(996L, job.state.getDecisions().get(4).getStepsBack());
    assertNotNull(job.state.getPending());
    job.assertEveryKeptStepIsAnsweredAsFirst();
  }

  @Test
  void theRingKeepsTheNewestStepsAndRestartsWithANewLearner() {
    Job job = new Job();
    for (int t = 0; t < DecisionRing.SIZE + 3; t++) {
      job.serve(report(t, 2.3 - 0.1 * t).build(), PAPER);
    }
    assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L),
        DecisionRing.entries(job.state).stream().map(DecisionRing.Entry::step).toList());
    assertTrue(job.again(2).problem().contains("not among its last " + DecisionRing.SIZE), job.again(2).problem());
    Learner renamed = Learner.of(LearnerParams.newBuilder(LearnerFactory.paper(0L)).setName("paper-copy").build());
    job.serve(report(11, 1.2).setLearner("paper-copy").build(), renamed);
    assertEquals(List.of(11L), DecisionRing.entries(job.state).stream().map(DecisionRing.Entry::step).toList());
  }

  @Test
  void aRingWrittenByVersion3IsAnsweredAndMovedIntoTheCompactRing() {
    Job job = new Job();
    for (int t = 0; t < 5; t++) {
      job.serve(report(t, 2.3 - 0.2 * t).setLrMin(t == 1 ? 0.9 : 0).setLrMax(t == 3 ? 1e-6 : 10).build(), PAPER);
    }
    // The same state as version 3 kept it: every decision explicit in `recent`, no version-4 fields.
    List<RecentDecision> recent = new ArrayList<>();
    for (long s = 0; s < 5; s++) {
      DecisionRing.Decision d = job.told.get(s);
      recent.add(new RecentDecision(s, DecisionRing.fingerprint(MlrsSerdes.STEP_REPORT.encode(job.reports.get(s))),
          d.lr(), d.learnerVersion(), d.stage(), d.gamma(), d.output(), d.clamped()));
    }
    job.state = SERDE.decode(SERDE.encode(JobState.newBuilder(job.state).setDecisions(List.of()).setLearnerVersion(-1)
        .setRecent(recent).build()));
    job.assertEveryKeptStepIsAnsweredAsFirst();

    job.serve(report(5, 1.3).build(), PAPER);
    assertTrue(job.state.getRecent().isEmpty(), "written back in the compact form");
    assertEquals(6, job.state.getDecisions().size());
    job.assertEveryKeptStepIsAnsweredAsFirst();
  }

  @Test
  void carryingTheRingToTheNextStepReusesTheKeptCrcsAndReadsEverySignBack() {
    JobStepper stepper = new JobStepper();
    JobState state = null;
    int[] crcs = {0x80000001, -1, 0, 0x7fffffff, 0x12345678};
    for (int t = 0; t < crcs.length; t++) {
      JobStepper.Served served = stepper.step(state, report(t, 2.0).build(), PAPER);
      JobState next = served.next();
      next.setDecisions(DecisionRing.after(state, next, crcs[t], served.output()));
      if (state != null) {
        List<KeptDecision> before = state.getDecisions();
        for (int k = 0; k < before.size(); k++) {
          assertSame(before.get(k).getReportCrc(), next.getDecisions().get(k).getReportCrc(), "step " + t);
        }
      }
      state = next;
    }
    List<DecisionRing.Entry> kept = DecisionRing.entries(state);
    for (int t = 0; t < crcs.length; t++) {
      ReportCrc crc = kept.get(t).reportCrc();
      assertEquals(crcs[t], DecisionRing.intOf(crc), "step " + t);
    }
  }
}
