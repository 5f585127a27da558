package dev.mlrs.agent.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.agent.math.CellTrace;
import dev.mlrs.agent.math.LrScale;
import dev.mlrs.agent.math.MlrsCell;
import dev.mlrs.schemas.LearnerMode;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.StepReport;
import dev.mlrs.schemas.state.JobState;
import dev.mlrs.schemas.state.PendingStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobStepperTest {

  private static final LearnerParams DEFAULT = LearnerFactory.paper(0L);
  private static final Learner AWARE = Learner.of(LearnerFactory.scheduleAware(DEFAULT, "fleet", 6, null, 0L));

  private static StepReport.Builder report(long step, double loss, long totalSteps) {
    return StepReport.newBuilder().setJob("j").setStep(step).setLoss(loss).setLearner("fleet")
        .setMode(LearnerMode.FROZEN).setNumClasses(10).setReferenceLoss(2.3).setTotalSteps(totalSteps);
  }

  @Test
  void progressIsStepOverTotalClampedAndZeroWhenUnknown() {
    assertEquals(0.25, JobStepper.progressOf(report(25, 1, 100).build()));
    assertEquals(1.0, JobStepper.progressOf(report(130, 1, 100).build()));
    assertEquals(0.0, JobStepper.progressOf(report(30, 1, 0).build()));
  }

  @Test
  void aScheduleAwareLearnerIsFedTheProgressAndKeepsTheFirstGamma() {
    double[] w = AWARE.weights(0).clone();
    w[AWARE.shape().knot0() + 2] = -1.5;   // a head that bends the schedule down around 40 % of the run
    Learner bent = Learner.of(LearnerParams.newBuilder(AWARE.params())
        .setStages(java.util.List.of(LearnerFactory.stage(0, w))).build());
    JobStepper stepper = new JobStepper();
    JobState state = null;
    double[] h = new double[50];
    double[] c = new double[50];
    CellTrace trace = new CellTrace(bent.shape());
    double firstGamma = LrScale.gamma(2.3, 10);
    for (int t = 0; t < 10; t++) {
      double loss = 2.3 - 0.1 * t;
      // A later referenceLoss must not change gamma: the learner was trained relative to the first.
      StepReport r = report(t, loss, 10).setReferenceLoss(t == 0 ? 2.3 : 1.0).build();
      JobStepper.Served served = stepper.step(state, r, bent);
      double expected = MlrsCell.forward(bent.shape(), w, loss, t / 10.0, h, c, trace);
      h = roundToFloat(trace.h());
      c = roundToFloat(trace.c());
      assertEquals(t / 10.0, served.progress(), 0.0);
      assertEquals(expected, served.output(), 1e-12, "step " + t);
      assertEquals(firstGamma, served.gamma(), 0.0);
      assertEquals(Math.min(firstGamma * expected, 10.0), served.lr(), 1e-12);
      state = served.next();
    }
  }

  @Test
  void servesOverriddenWeightsWithoutTouchingTheLearner() {
    double[] override = AWARE.weights(0).clone();
    override[AWARE.shape().b3()] -= 2.0;
    JobStepper stepper = new JobStepper();
    JobStepper.Served own = stepper.step(null, report(0, 2.3, 100).build(), AWARE);
    JobStepper.Served overridden = stepper.step(null, report(0, 2.3, 100).build(), AWARE, override);
    double expected = MlrsCell.forward(AWARE.shape(), override, 2.3, 0.0, new double[50], new double[50],
        new CellTrace(AWARE.shape()));
    assertEquals(expected, overridden.output(), 0.0);
    assertNotEquals(own.output(), overridden.output());
    assertEquals(own.output(), stepper.step(null, report(0, 2.3, 100).build(), AWARE, null).output(), 0.0);
    assertThrows(IllegalArgumentException.class,
        () -> stepper.step(null, report(0, 2.3, 100).build(), AWARE, new double[11776]));
  }

  @Test
  void onlyOneStepLearnersKeepAPendingStep() {
    JobStepper stepper = new JobStepper();
    StepReport learn = report(0, 2.3, 100).setMode(LearnerMode.LEARN).setValidate(true).build();
    assertNull(stepper.step(null, learn, AWARE).next().getPending(), "FLEET_ES learners take no one-step gradient");
    Learner plain = Learner.of(DEFAULT);
    assertNotNull(stepper.step(null, StepReport.newBuilder(learn).setLearner(LearnerFactory.MLRSNET_PAPER).build(),
        plain)
        .next().getPending());
    assertNull(stepper.step(null, StepReport.newBuilder(learn).setLearner(LearnerFactory.MLRSNET_PAPER).build(), plain,
        plain.weights(0)).next().getPending(), "served weights differ from the learner's: no one-step gradient");
  }

  /**
   * A ONE_STEP learner that reads the progress: its pending step keeps the run length, and the one-step
   * meta-gradient recomputed from it is d alpha / d phi of the LR actually served, checked against central finite
   * differences of the served LR on the progress column, the knots around t/T and a few other weights.
   */
  @Test
  void aOneStepLearnerWithProgressGetsTheGradientOfTheLrItWasServed() {
    LearnerParams grown = LearnerFactory.grown(DEFAULT, 0, "one-step-aware", true, 6, MetaObjective.ONE_STEP,
        null, 0L);
    double[] w = WeightArrays.toArray(grown.getStages().get(0).getWeights());
    CellShape shape = new CellShape(50, 25, 2, 6);
    for (int k = 0; k < shape.knots(); k++) {
      w[shape.knot0() + k] = 0.3 * Math.sin(k + 1.0);   // a bent head, so that its gradient is not trivial
    }
    for (int m = 0; m < shape.mlpHidden(); m++) {
      w[shape.inputWeight(m, 1)] = 0.2 * Math.cos(m);
    }
    JobStepper stepper = new JobStepper();
    JobState before = stepper.step(null, report(0, 2.3, 750).setLearner("one-step-aware").build(),
        learner(grown, w)).next();
    StepReport step = report(1, 2.1, 750).setLearner("one-step-aware").setMode(LearnerMode.LEARN).setValidate(true)
        .setStep(337).build();
    JobStepper.Served served = stepper.step(before, step, learner(grown, w));
    PendingStep pending = served.next().getPending();
    assertNotNull(pending, "a ONE_STEP learner keeps its pending step, progress or not");
    assertEquals(750, pending.getTotalSteps());

    double[] gradient = stepper.metaGradient(pending, learner(grown, w), 1.0);
    int left = shape.knot0() + (int) Math.floor(337.0 / 750 * (shape.knots() - 1));
    int[] checked = {left, left + 1, shape.inputWeight(3, 1), shape.inputWeight(3, 0), shape.b3(), shape.w3() + 7};
    double h = 1e-6;
    for (int index : checked) {
      double[] plus = w.clone();
      double[] minus = w.clone();
      plus[index] += h;
      minus[index] -= h;
      double numeric = (stepper.step(before, step, learner(grown, plus)).lr()
          - stepper.step(before, step, learner(grown, minus)).lr()) / (2 * h);
      assertEquals(numeric, gradient[index], 1e-6 * Math.max(1, Math.abs(numeric)), "weight " + index);
    }
    assertNotEquals(0.0, gradient[shape.inputWeight(3, 1)], "the progress column gets a gradient");
  }

  private static Learner learner(LearnerParams params, double[] weights) {
    return Learner.of(LearnerParams.newBuilder(params)
        .setStages(List.of(LearnerFactory.stage(0.0, weights))).build());
  }

  private static double[] roundToFloat(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }

  @Test
  void aLearnersFixedScaleReplacesThePapersGammaButNotTheJobsOwn() {
    LearnerParams fixed = LearnerParams.newBuilder(AWARE.params()).setLrScale(0.5).build();
    Learner scaled = Learner.of(fixed);
    JobStepper stepper = new JobStepper();
    StepReport tenClasses = report(0, 2.3, 100).build();
    StepReport twoClasses = report(0, 0.69, 100).setNumClasses(2).setReferenceLoss(0.69).build();
    // the paper's gamma depends on the class count; the fixed scale does not
    assertNotEquals(stepper.step(null, tenClasses, AWARE).gamma(), stepper.step(null, twoClasses, AWARE).gamma());
    assertEquals(0.5, stepper.step(null, tenClasses, scaled).gamma(), 0.0);
    assertEquals(0.5, stepper.step(null, twoClasses, scaled).gamma(), 0.0);
    JobStepper.Served own = stepper.step(null, report(0, 2.3, 100).setGamma(0.2).build(), scaled);
    assertEquals(0.2, own.gamma(), 0.0);
    assertEquals(0.2 * own.output(), own.lr(), 1e-15);
    assertThrows(IllegalArgumentException.class,
        () -> Learner.of(LearnerParams.newBuilder(fixed).setLrScale(0.0).build()));
    assertThrows(IllegalArgumentException.class,
        () -> Learner.of(LearnerParams.newBuilder(fixed).setLrScale(Double.POSITIVE_INFINITY).build()));
  }
}
