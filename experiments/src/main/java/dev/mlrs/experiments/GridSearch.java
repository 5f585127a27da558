package dev.mlrs.experiments;

import dev.mlrs.experiments.report.LrBracket;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Tuning of one baseline: scores every point of its grid, then, while the best point has the lowest or the
 * highest learning rate tried, widens the grid past that edge, one point at a time, until the best learning rate
 * is bracketed (a lower and a higher one were tried and were worse) or {@code maxExtensions} points were added.
 * A baseline whose best setting sits at the edge of its grid was probably held back by the grid, which would make
 * any comparison with it unfair.
 *
 * <p>The learning rate is the grid's {@code lr} (or {@code maxLr}, OneCycle's peak) when every point has one and
 * the grid has at least two values of it; other knobs may vary alongside. A new point keeps the best point's
 * other knobs and takes the next learning rate in geometric progression: the ratio between the two outermost
 * learning rates at that edge (0.3 and 0.6 at the top give 1.2 next), rounded to 3 significant digits so that the
 * value shown is the value run. An upward step that diverges is simply worse than the best, which brackets it.
 * Scores are clean validation accuracies; a diverged run ranks below every finished one, ties go to the point
 * tried first.
 *
 * <p>Stepwise so that the runner can train the pending points of many searches at once: {@link #pending()} gives
 * the points to score, {@link #record} takes their scores, until {@link #finished()}.
 */
public final class GridSearch {
  /** Points added past an edge, at most, per search. */
  public static final int DEFAULT_MAX_EXTENSIONS = 3;
  /** Hyperparameters that are "the learning rate", in order of preference. */
  static final List<String> LR_KEYS = List.of("lr", "maxLr");
  private static final MathContext SIGNIFICANT_DIGITS = new MathContext(3);

  /** The outcome of one tuning run. */
  public record Score(double validationAccuracy, boolean diverged) {
    double rank() {
      return diverged || Double.isNaN(validationAccuracy) ? Double.NEGATIVE_INFINITY : validationAccuracy;
    }
  }

  /** A scored point; {@code extension} is 0 for the grid's own points, k for the k-th point added. */
  public record Trial(Map<String, Double> point, Score score, int extension) {
  }

  /** A point added past an edge of the grid, because {@code from} was the best and sat at that edge. */
  public record Extension(Map<String, Double> from, Map<String, Double> to, boolean upward, int number) {
  }

  /** The search's outcome: the chosen point and where its learning rate sits among those tried. */
  public record Result(Map<String, Double> best, Score score, LrBracket bracket, List<Trial> trials,
                       int extensions) {
  }

  private final String lrKey;
  private final int maxExtensions;
  private final List<Trial> trials = new ArrayList<>();
  private List<Map<String, Double>> pending;
  private Extension extension;

  /** @param grid at least one point; @param maxExtensions points that may be added past an edge (0: none) */
  public GridSearch(List<Map<String, Double>> grid, int maxExtensions) {
    if (grid == null || grid.isEmpty()) {
      throw new IllegalArgumentException("a grid search needs at least one point");
    }
    if (maxExtensions < 0) {
      throw new IllegalArgumentException("maxExtensions must be >= 0, got " + maxExtensions);
    }
    this.pending = grid.stream().map(p -> Map.copyOf(p)).toList();
    this.lrKey = learningRateKey(pending).orElse(null);
    this.maxExtensions = maxExtensions;
  }

  /** Runs a whole search with {@code scorer}, which scores a batch of points (in order). */
  public static Result run(List<Map<String, Double>> grid, int maxExtensions,
                           Function<List<Map<String, Double>>, List<Score>> scorer) {
    GridSearch search = new GridSearch(grid, maxExtensions);
    while (!search.finished()) {
      search.record(scorer.apply(search.pending()));
    }
    return search.result();
  }

  /** The key of the learning rate the grid varies, if it varies one (see the class comment). */
  static Optional<String> learningRateKey(List<Map<String, Double>> grid) {
    for (String key : LR_KEYS) {
      if (grid.stream().allMatch(p -> p.get(key) != null && p.get(key) > 0)
          && grid.stream().map(p -> p.get(key)).distinct().count() >= 2) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** The points to score next: the grid first, then at most one added point; empty once finished. */
  public List<Map<String, Double>> pending() {
    return pending;
  }

  /** The added point that {@link #pending()} holds, if it holds one (for progress lines). */
  public Optional<Extension> extension() {
    return Optional.ofNullable(extension);
  }

  public boolean finished() {
    return pending.isEmpty();
  }

  /** The best trial so far. */
  public Trial best() {
    if (trials.isEmpty()) {
      throw new IllegalStateException("nothing scored yet");
    }
    Trial best = trials.get(0);
    for (Trial t : trials) {
      if (t.score().rank() > best.score().rank()) {
        best = t;
      }
    }
    return best;
  }

  /** Records the scores of {@link #pending()}, in its order, and decides what to score next. */
  public void record(List<Score> scores) {
    if (scores.size() != pending.size()) {
      throw new IllegalArgumentException("expected " + pending.size() + " scores, got " + scores.size());
    }
    int number = extension == null ? 0 : extension.number();
    for (int i = 0; i < scores.size(); i++) {
      trials.add(new Trial(pending.get(i), scores.get(i), number));
    }
    extension = nextExtension(number).orElse(null);
    pending = extension == null ? List.of() : List.of(extension.to());
  }

  public Result result() {
    if (!finished()) {
      throw new IllegalStateException("the search has points left to score: " + pending);
    }
    Trial best = best();
    int extensions = trials.get(trials.size() - 1).extension();
    return new Result(best.point(), best.score(), bracket(best), List.copyOf(trials), extensions);
  }

  private Optional<Extension> nextExtension(int done) {
    if (lrKey == null || done >= maxExtensions) {
      return Optional.empty();
    }
    TreeSet<Double> lrs = learningRates();
    Trial best = best();
    boolean upward;
    Map<String, Double> from = best.point();
    if (best.score().rank() == Double.NEGATIVE_INFINITY) {
      // everything diverged: smaller learning rates are the only hope
      upward = false;
      from = trials.stream().filter(t -> t.point().get(lrKey).equals(lrs.first())).findFirst().orElseThrow()
          .point();
    } else if (from.get(lrKey).equals(lrs.last())) {
      upward = true;
    } else if (from.get(lrKey).equals(lrs.first())) {
      upward = false;
    } else {
      return Optional.empty();
    }
    double edge = upward ? lrs.last() : lrs.first();
    double next = upward ? lrs.lower(edge) : lrs.higher(edge);
    double lr = roundToSignificantDigits(edge * edge / next);
    Map<String, Double> point = new LinkedHashMap<>(from);
    point.put(lrKey, lr);
    Map<String, Double> to = Map.copyOf(point);
    if (lrs.contains(lr) || trials.stream().anyMatch(t -> t.point().equals(to))) {
      return Optional.empty();  // the rounded step landed on a tried value: nothing new to learn
    }
    return Optional.of(new Extension(from, to, upward, done + 1));
  }

  private LrBracket bracket(Trial best) {
    if (lrKey == null) {
      return LrBracket.NONE;
    }
    if (best.score().rank() == Double.NEGATIVE_INFINITY) {
      return LrBracket.DIVERGED;
    }
    TreeSet<Double> lrs = learningRates();
    double lr = best.point().get(lrKey);
    return lr == lrs.first() ? LrBracket.LOWEST : lr == lrs.last() ? LrBracket.HIGHEST : LrBracket.INSIDE;
  }

  private TreeSet<Double> learningRates() {
    TreeSet<Double> lrs = new TreeSet<>();
    trials.forEach(t -> lrs.add(t.point().get(lrKey)));
    return lrs;
  }

  static double roundToSignificantDigits(double value) {
    return new BigDecimal(value).round(SIGNIFICANT_DIGITS).doubleValue();
  }
}
