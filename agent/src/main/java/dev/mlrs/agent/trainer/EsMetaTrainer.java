package dev.mlrs.agent.trainer;

import dev.mlrs.agent.es.EsEstimator;
import dev.mlrs.agent.es.EsPairKey;
import dev.mlrs.agent.es.EsPairResult;
import dev.mlrs.agent.es.EsSubspaceMask;
import dev.mlrs.agent.learner.Learner;
import dev.mlrs.agent.learner.LearnerFactory;
import dev.mlrs.agent.learner.WeightArrays;
import dev.mlrs.schemas.EsFitness;
import dev.mlrs.schemas.EsSettings;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerParams;
import dev.mlrs.schemas.MetaObjective;
import dev.mlrs.schemas.serde.AvroTrust;
import dev.mlrs.schemas.state.TrainerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet objective's trainer, without Kafka (docs/adr/0008-fleet-objective-on-kafka.md): guards fitness
 * records, pairs the PLUS and MINUS runs of each pair key within a generation, and once
 * {@code pairsPerGeneration} pairs are complete turns them into one antithetic ES gradient, one Adam step
 * and the learner's next version (the next generation). Holds no state: the caller keeps the generation's
 * fitness records and the trainer state in changelogged stores.
 */
public final class EsMetaTrainer {
  static {
    AvroTrust.install();   // builders fill enum defaults, which Avro loads only for trusted classes
  }

  /** One complete antithetic pair of a generation. */
  public record Pair(EsFitness plus, EsFitness minus) {
  }

  /** A generation's records split into complete pairs (ordered by pair key) and lone sides. */
  public record Pairing(List<Pair> complete, List<EsFitness> incomplete) {
  }

  /** The next version, the pairs that made it, and the lone sides the closed generation leaves behind. */
  public record Update(TrainerState state, LearnerParams published, List<Pair> pairs, List<EsFitness> leftOver,
                       double gradientNorm) {
  }

  private EsMetaTrainer() {
  }

  /**
   * The store key of a fitness record: learner NUL generation (fixed width, so keys sort by it) NUL pair NUL side,
   * the pair being task key NUL seed (task keys hold no control characters).
   */
  public static String poolKey(EsFitness f) {
    return generationPrefix(f.getLearner(), f.getGeneration()) + pairName(f) + "\u0000" + f.getSide();
  }

  /** The pair a record belongs to, as text: task key NUL seed. */
  static String pairName(EsFitness f) {
    return f.getTaskKey() + "\u0000" + f.getSeed();
  }

  /** The pair a record belongs to, for messages: task 'key' seed n. */
  public static String describePair(EsFitness f) {
    return "task '" + f.getTaskKey() + "' seed " + f.getSeed();
  }

  /** Start of the store keys of one generation; the range ends at {@link #generationEnd}. */
  public static String generationPrefix(String learner, long generation) {
    return learner + "\u0000" + String.format("%019d", generation) + "\u0000";
  }

  public static String generationEnd(String learner, long generation) {
    return learner + "\u0000" + String.format("%019d", generation) + "\u0001";
  }

  /** Start and end of all store keys of a learner. */
  public static String learnerPrefix(String learner) {
    return learner + "\u0000";
  }

  public static String learnerEnd(String learner) {
    return learner + "\u0001";
  }

  /** The ES settings of a learner version (the schema defaults when the record has none). */
  public static EsSettings settingsOf(LearnerParams params) {
    return params.getEs() != null ? params.getEs() : EsSettings.newBuilder().build();
  }

  /**
   * Why {@code f} cannot enter the generation open in {@code state} (null when the learner is unknown), or
   * null when it can. Duplicates are the caller's to find (it holds the records).
   */
  public static String problemWith(String key, EsFitness f, TrainerState state) {
    if (!f.getLearner().equals(key)) {
      return "record key '" + key + "' differs from learner '" + f.getLearner() + "'";
    }
    if (state == null) {
      return "unknown learner '" + f.getLearner() + "'";
    }
    LearnerParams params = state.getParams();
    if (params.getObjective() != MetaObjective.FLEET_ES) {
      return "learner '" + f.getLearner() + "' is trained by " + params.getObjective() + ", not by fleet ES";
    }
    if (params.getStages().size() != 1) {
      return "learner '" + f.getLearner() + "' has " + params.getStages().size() + " stages and is frozen";
    }
    if (f.getNumClasses() < 2) {
      return "fitness of job '" + f.getJob() + "' names " + f.getNumClasses() + " classes (at least 2)";
    }
    double clip = settingsOf(params).getFitnessClip() * Math.log(f.getNumClasses());
    if (!Double.isFinite(f.getFitness()) || f.getFitness() < 0 || f.getFitness() > clip * (1 + 1e-12)) {
      return "absurd fitness " + f.getFitness() + " from job '" + f.getJob() + "': a clipped loss lies in [0, "
          + clip + "]";
    }
    long open = params.getVersion();
    if (f.getGeneration() < open) {
      return "stale result: job '" + f.getJob() + "' ran in generation " + f.getGeneration() + " of '" + f.getLearner()
          + "', which closed; generation " + open + " is open";
    }
    if (f.getGeneration() > open) {
      return "result for generation " + f.getGeneration() + " of '" + f.getLearner() + "', which has not begun ("
          + open + " is open)";
    }
    return null;
  }

  /** Splits a generation's records into complete pairs and lone sides. */
  public static Pairing pair(List<EsFitness> records) {
    Map<String, EsFitness[]> byKey = new TreeMap<>();
    for (EsFitness f : records) {
      EsFitness[] sides = byKey.computeIfAbsent(pairName(f), k -> new EsFitness[2]);
      sides[f.getSide() == EsSide.PLUS ? 0 : 1] = f;
    }
    List<Pair> complete = new ArrayList<>();
    List<EsFitness> incomplete = new ArrayList<>();
    byKey.forEach((key, sides) -> {
      if (sides[0] != null && sides[1] != null) {
        complete.add(new Pair(sides[0], sides[1]));
      } else {
        incomplete.add(sides[0] != null ? sides[0] : sides[1]);
      }
    });
    return new Pairing(complete, incomplete);
  }

  /** True when the generation has enough complete pairs to close. */
  public static boolean closes(TrainerState state, Pairing pairing) {
    return pairing.complete().size() >= settingsOf(state.getParams()).getPairsPerGeneration();
  }

  /** A fresh trainer state for a learner version seen on meta-params: the generation it opens, Adam at zero. */
  public static TrainerState adopt(Learner learner) {
    return OneStepMetaTrainer.adopt(learner);
  }

  /**
   * Closes the open generation: the antithetic gradient estimate of the complete pairs, one Adam step on the
   * perturbed subspace, published as version + 1 with es.generation and es.runsUsed advanced.
   */
  public static Update close(TrainerState state, Pairing pairing, long nowMillis) {
    if (pairing.complete().isEmpty()) {
      throw new IllegalArgumentException("a generation closes with at least one complete pair");
    }
    LearnerParams current = state.getParams();
    Learner centre = Learner.of(current);
    EsSettings es = settingsOf(current);
    List<EsPairResult> results = new ArrayList<>();
    for (Pair pair : pairing.complete()) {
      results.add(new EsPairResult(new EsPairKey(pair.plus().getTaskKey(), pair.plus().getSeed()),
          pair.plus().getFitness(), pair.minus().getFitness()));
    }
    EsSubspaceMask mask = EsSubspaceMask.of(centre.shape(), es.getSubspace());
    double[] gradient = EsEstimator.gradient(mask, current.getName(), current.getVersion(), results, es.getSigma());
    double[] phi = centre.weights(0).clone();
    double[] m = WeightArrays.toArray(state.getM());
    double[] v = WeightArrays.toArray(state.getV());
    long adamStep = state.getAdamStep() + 1;
    EsEstimator.update(phi, gradient, m, v, adamStep, es.getLearningRate());

    int pairs = results.size();
    LearnerParams next = LearnerParams.newBuilder(current)
        .setVersion(current.getVersion() + 1)
        .setStages(List.of(LearnerFactory.stage(0.0, phi)))
        .setOrigin("ES generation " + current.getVersion() + ": " + pairs + " antithetic pair(s)")
        .setEs(EsSettings.newBuilder(es).setGeneration(es.getGeneration() + 1)
            .setRunsUsed(es.getRunsUsed() + 2L * pairs)
            .build())
        .setCreatedAtMillis(nowMillis)
        .build();
    TrainerState after = new TrainerState(next, adamStep, WeightArrays.toList(m), WeightArrays.toList(v));
    return new Update(after, next, pairing.complete(), pairing.incomplete(), norm(gradient));
  }

  private static double norm(double[] g) {
    double s = 0;
    for (double x : g) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
