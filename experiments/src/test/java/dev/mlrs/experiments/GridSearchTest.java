package dev.mlrs.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.experiments.report.LrBracket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class GridSearchTest {
  /** Scores points with a function of the point and remembers every batch it was asked for. */
  private static final class FakeTuning {
    final List<List<Map<String, Double>>> batches = new ArrayList<>();
    final ToDoubleFunction<Map<String, Double>> accuracy;
    final double divergesAbove;

    FakeTuning(ToDoubleFunction<Map<String, Double>> accuracy, double divergesAbove) {
      this.accuracy = accuracy;
      this.divergesAbove = divergesAbove;
    }

    List<GridSearch.Score> score(List<Map<String, Double>> points) {
      batches.add(points);
      return points.stream().map(p -> p.get("lr") > divergesAbove ? new GridSearch.Score(0.1, true)
          : new GridSearch.Score(accuracy.applyAsDouble(p), false)).toList();
    }

    /** The learning rates of the batches after the grid. */
    List<Double> addedLrs() {
      return batches.subList(1, batches.size()).stream().map(b -> b.get(0).get("lr")).toList();
    }
  }

  /** A validation accuracy that peaks at {@code optimum} and falls with the distance in log(lr). */
  private static ToDoubleFunction<Map<String, Double>> peakAt(double optimum) {
    return p -> 0.9 - 0.1 * Math.abs(Math.log(p.get("lr") / optimum));
  }

  private static List<Map<String, Double>> lrs(double... values) {
    List<Map<String, Double>> grid = new ArrayList<>();
    for (double v : values) {
      grid.add(Map.of("lr", v));
    }
    return grid;
  }

  @Test
  void aBestPointInsideTheGridIsKeptWithoutExtraRuns() {
    FakeTuning fake = new FakeTuning(peakAt(0.12), Double.MAX_VALUE);
    GridSearch.Result result = GridSearch.run(lrs(0.03, 0.1, 0.3, 0.6), 3, fake::score);

    assertEquals(Map.of("lr", 0.1), result.best());
    assertEquals(LrBracket.INSIDE, result.bracket());
    assertEquals(0, result.extensions());
    assertEquals(1, fake.batches.size(), "only the grid was run");
    assertEquals(4, result.trials().size());
  }

  @Test
  void aBestPointAtTheTopIsFollowedUpwardWithTheGridsRatioUntilItIsInside() {
    // optimum 1.5: the grid's best is 0.6 (its top), 1.2 is better still, 2.4 is worse -> 1.2 is bracketed
    FakeTuning fake = new FakeTuning(peakAt(1.5), Double.MAX_VALUE);
    GridSearch.Result result = GridSearch.run(lrs(0.03, 0.1, 0.3, 0.6), 3, fake::score);

    assertEquals(List.of(1.2, 2.4), fake.addedLrs(), "x2, the ratio 0.6/0.3 at the top");
    assertEquals(Map.of("lr", 1.2), result.best());
    assertEquals(LrBracket.INSIDE, result.bracket());
    assertEquals(2, result.extensions());
    assertEquals(List.of(0, 0, 0, 0, 1, 2), result.trials().stream().map(GridSearch.Trial::extension).toList());
  }

  @Test
  void aBestPointAtTheBottomIsFollowedDownward() {
    // optimum 0.005: below the grid; steps of /3 (0.03/0.01), rounded to 3 significant digits
    FakeTuning fake = new FakeTuning(peakAt(0.005), Double.MAX_VALUE);
    GridSearch.Result result = GridSearch.run(lrs(0.01, 0.03, 0.1, 0.3, 1.0), 3, fake::score);

    assertEquals(List.of(0.00333, 0.00111), fake.addedLrs());
    assertEquals(Map.of("lr", 0.00333), result.best());
    assertEquals(LrBracket.INSIDE, result.bracket());
  }

  @Test
  void wideningStopsAtTheCapAndSaysTheChoiceIsNotBracketed() {
    FakeTuning fake = new FakeTuning(p -> p.get("lr") / 100, Double.MAX_VALUE); // the higher the better
    GridSearch.Result result = GridSearch.run(lrs(0.1, 0.3), 3, fake::score);

    assertEquals(List.of(0.9, 2.7, 8.1), fake.addedLrs());
    assertEquals(Map.of("lr", 8.1), result.best());
    assertEquals(LrBracket.HIGHEST, result.bracket());
    assertEquals(3, result.extensions());

    FakeTuning none = new FakeTuning(p -> -p.get("lr"), Double.MAX_VALUE); // the lower the better
    GridSearch.Result unwidened = GridSearch.run(lrs(0.1, 0.3), 0, none::score);
    assertEquals(LrBracket.LOWEST, unwidened.bracket());
    assertEquals(1, none.batches.size(), "a cap of 0 adds nothing");
  }

  @Test
  void aDivergingStepUpBracketsTheBest() {
    FakeTuning fake = new FakeTuning(p -> p.get("lr") / 10, 1.0);
    GridSearch.Result result = GridSearch.run(lrs(0.3, 0.6), 3, fake::score);

    assertEquals(List.of(1.2), fake.addedLrs());
    assertEquals(Map.of("lr", 0.6), result.best());
    assertEquals(LrBracket.INSIDE, result.bracket());
    assertEquals(3, result.trials().size());
  }

  @Test
  void theAddedPointKeepsTheBestPointsOtherKnobs() {
    List<Map<String, Double>> hd = List.of(Map.of("lr", 0.1, "beta", 1e-4), Map.of("lr", 0.1, "beta", 1e-3),
        Map.of("lr", 0.3, "beta", 1e-4), Map.of("lr", 0.3, "beta", 1e-3));
    FakeTuning fake = new FakeTuning(p -> p.get("lr") + p.get("beta") - (p.get("lr") > 0.5 ? 1 : 0), 10);
    GridSearch.Result result = GridSearch.run(hd, 3, fake::score);

    assertEquals(List.of(Map.of("lr", 0.9, "beta", 1e-3)), fake.batches.get(1));
    assertEquals(Map.of("lr", 0.3, "beta", 1e-3), result.best());
    assertEquals(LrBracket.INSIDE, result.bracket());
  }

  @Test
  void oneCyclesPeakCountsAsItsLearningRate() {
    List<Map<String, Double>> grid = List.of(Map.of("maxLr", 0.3), Map.of("maxLr", 1.0));
    List<List<Map<String, Double>>> batches = new ArrayList<>();
    GridSearch.Result result = GridSearch.run(grid, 1, points -> {
      batches.add(points);
      return points.stream().map(p -> new GridSearch.Score(p.get("maxLr"), false)).toList();
    });
    assertEquals(List.of(Map.of("maxLr", 3.33)), batches.get(1));
    assertEquals(LrBracket.HIGHEST, result.bracket());
  }

  @Test
  void gridsThatDoNotVaryTheLearningRateAreNotWidened() {
    List<Map<String, Double>> betas = List.of(Map.of("lr", 0.1, "beta", 1e-4), Map.of("lr", 0.1, "beta", 1e-3));
    FakeTuning fake = new FakeTuning(p -> p.get("beta"), 10);
    GridSearch.Result result = GridSearch.run(betas, 3, fake::score);
    assertEquals(Map.of("lr", 0.1, "beta", 1e-3), result.best());
    assertEquals(LrBracket.NONE, result.bracket());
    assertEquals(1, fake.batches.size());
  }

  @Test
  void whenEverythingDivergesItTriesSmallerRatesAndSaysSo() {
    FakeTuning fake = new FakeTuning(p -> 0.5, 0.0);
    GridSearch.Result result = GridSearch.run(lrs(0.1, 0.3), 2, fake::score);
    assertEquals(List.of(0.0333, 0.0111), fake.addedLrs());
    assertEquals(LrBracket.DIVERGED, result.bracket());

    FakeTuning rescued = new FakeTuning(p -> 0.5, 0.05);
    GridSearch.Result found = GridSearch.run(lrs(0.1, 0.3), 1, rescued::score);
    assertEquals(Map.of("lr", 0.0333), found.best());
    assertEquals(LrBracket.LOWEST, found.bracket(), "a finite run below everything that diverged: still an edge");
  }

  @Test
  void tiesGoToThePointTriedFirst() {
    FakeTuning fake = new FakeTuning(p -> 0.8, Double.MAX_VALUE);
    GridSearch.Result result = GridSearch.run(lrs(0.1, 0.3, 1.0), 3, fake::score);
    assertEquals(Map.of("lr", 0.1), result.best());
    // 0.1 is the lowest: one point below ties with it and loses, which brackets 0.1
    assertEquals(List.of(0.0333), fake.addedLrs());
    assertEquals(LrBracket.INSIDE, result.bracket());
  }

  @Test
  void scoresMustMatchThePendingPoints() {
    GridSearch search = new GridSearch(lrs(0.1, 0.3), 3);
    assertThrows(IllegalArgumentException.class, () -> search.record(List.of(new GridSearch.Score(0.5, false))));
    assertThrows(IllegalStateException.class, search::result);
    assertThrows(IllegalArgumentException.class, () -> new GridSearch(List.of(), 3));
    assertTrue(GridSearch.learningRateKey(lrs(0.1)).isEmpty(), "one learning rate is not a range");
  }
}
