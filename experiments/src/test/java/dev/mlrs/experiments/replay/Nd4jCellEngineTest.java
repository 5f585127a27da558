package dev.mlrs.experiments.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.agent.math.CellShape;
import dev.mlrs.schemas.LearnerParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The batched ND4J cell computes what the agent's plain-Java cell computes, to 1e-6, for every kind of learner. */
class Nd4jCellEngineTest {
  private static final Map<String, LearnerParams> SHIPPED = LearnerFactory.shipped(0L).stream()
      .collect(Collectors.toMap(LearnerParams::getName, Function.identity()));

  @Test
  void thePapersCellAgrees() {
    assertAgree(Learner.of(SHIPPED.get(LearnerFactory.DEFAULT)), 40, 11);
  }

  @Test
  void aMultiStageLearnerAgreesWhileRowsAreInDifferentStages() {
    Learner threeStage = Learner.of(SHIPPED.get(LearnerFactory.REFERENCE_THREE_STAGE));
    assertTrue(threeStage.stageCount() > 1);
    List<CellInputs> seqs = sequences(threeStage, 30, 12);
    // the sequences have different run lengths, so at some step they sit in different stages: the mixed path runs
    boolean mixed = false;
    for (int t = 0; t < 200 && !mixed; t++) {
      final int step = t;
      mixed = seqs.stream().filter(s -> step < s.length()).mapToInt(s -> s.stage()[step]).distinct().count() > 1;
    }
    assertTrue(mixed, "the test must exercise rows in different stages");
    assertAgree(threeStage, seqs);
  }

  @Test
  void aScheduleAwareLearnerWithProgressInputAndKnotsAgrees() {
    LearnerParams base = SHIPPED.get(LearnerFactory.MLRSNET_PAPER);
    LearnerParams aware = LearnerFactory.scheduleAware(base, "aware", 5, null, 0L);
    CellShape shape = LearnerFactory.shapeOf(aware);
    double[] w = WeightArrays.toArray(aware.getStages().get(0).getWeights());
    Random rnd = new Random(7);
    // The factory starts the progress column and the knots at zero; make both matter.
    for (int m = 0; m < shape.mlpHidden(); m++) {
      w[shape.inputWeight(m, 1)] = rnd.nextGaussian();
    }
    for (int k = 0; k < shape.knots(); k++) {
      w[shape.knot0() + k] = rnd.nextGaussian();
    }
    Learner learner = Learner.of(LearnerParams.newBuilder(aware)
        .setStages(List.of(LearnerFactory.stage(0.0, w))).build());
    assertTrue(learner.usesProgress() && learner.shape().knots() == 5);
    List<CellInputs> seqs = sequences(learner, 25, 13);
    assertAgree(learner, seqs);
    // and the progress really changes the output: the same losses at progress 0 give other outputs
    List<CellInputs> noProgress = seqs.stream()
        .map(s -> new CellInputs(s.loss(), new double[s.length()], s.stage())).toList();
    double[] a = new PlainCellEngine().outputs(learner, seqs).get(0);
    double[] b = new PlainCellEngine().outputs(learner, noProgress).get(0);
    assertTrue(Math.abs(a[a.length - 1] - b[b.length - 1]) > 1e-3, "progress must matter in this test");
  }

  @Test
  void aSmallRandomCellAgrees() {
    CellShape shape = new CellShape(7, 5, 2, 3);
    Random rnd = new Random(3);
    double[] w = new double[shape.parameterCount()];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextGaussian() * 0.7;
    }
    Learner learner = Learner.of(LearnerFactory.params("tiny", 1, shape, List.of(LearnerFactory.stage(0.0, w)),
        "test", 0L));
    assertAgree(learner, 17, 14);
  }

  private static void assertAgree(Learner learner, int count, long seed) {
    assertAgree(learner, sequences(learner, count, seed));
  }

  private static void assertAgree(Learner learner, List<CellInputs> seqs) {
    List<double[]> plain = new PlainCellEngine().outputs(learner, seqs);
    List<double[]> batched = new Nd4jCellEngine().outputs(learner, seqs);
    double worst = 0;
    for (int i = 0; i < seqs.size(); i++) {
      assertEquals(seqs.get(i).length(), batched.get(i).length);
      for (int t = 0; t < seqs.get(i).length(); t++) {
        double d = Math.abs(plain.get(i)[t] - batched.get(i)[t]);
        worst = Math.max(worst, d);
        assertEquals(plain.get(i)[t], batched.get(i)[t], 1e-6, "sequence " + i + " step " + t);
      }
    }
    System.out.printf("%s: %d sequences, largest difference %.1e%n", learner.name(), seqs.size(), worst);
  }

  /** Random runs of different lengths and planned lengths, losses falling with noise, as a job's would. */
  private static List<CellInputs> sequences(Learner learner, int count, long seed) {
    Random rnd = new Random(seed);
    List<CellInputs> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = 20 + rnd.nextInt(180);
      long total = i % 5 == 4 ? 0 : n + rnd.nextInt(60);
      double[] loss = new double[n];
      double[] progress = new double[n];
      int[] stage = new int[n];
      double level = 2.3 + rnd.nextDouble();
      for (int t = 0; t < n; t++) {
        level *= 0.99;
        loss[t] = level * (1 + 0.2 * rnd.nextGaussian());
        progress[t] = total <= 0 ? 0 : Math.min(1.0, (double) t / total);
        stage[t] = learner.stageAt(t, total);
      }
      out.add(new CellInputs(loss, progress, stage));
    }
    return out;
  }
}
