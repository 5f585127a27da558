package dev.mlrs.client;

import dev.mlrs.schemas.EsEnrolment;
import dev.mlrs.schemas.EsSide;
import dev.mlrs.schemas.LearnerMode;
import java.time.Duration;
import java.util.Objects;

/**
 * How one training job attaches to the service. Every step report repeats these options, so the
 * service needs no separate attach record.
 *
 * <p>Required: a job id (unique per run), either gamma or numClasses with referenceLoss (METHOD.md
 * section 1), and an initial fallback LR (or a whole {@link FallbackSchedule}): a job must know what
 * to train with while the service is silent. Build with {@link #builder(String)}.
 *
 * <p>Optional: an enrolment in fleet meta-training ({@link Builder#es}): the job runs one side of an
 * antithetic pair on a FLEET_ES learner and ends with {@link LrClient#reportRunResult}.
 */
public final class JobOptions {

  /** Longest job id the agent accepts (its InputLimits.MAX_JOB_ID_CHARS). */
  public static final int MAX_JOB_ID_CHARS = 256;
  private final String jobId;
  private final String learner;
  private final LearnerMode mode;
  private final int numClasses;
  private final double referenceLoss;
  private final Double gamma;
  private final double lrMin;
  private final double lrMax;
  private final long totalSteps;
  private final int validateEvery;
  private final Duration replyTimeout;
  private final Duration firstReplyTimeout;
  private final FallbackSchedule fallback;
  private final String esTaskKey;
  private final long esSeed;
  private final EsSide esSide;

  private JobOptions(Builder b) {
    jobId = b.jobId;
    learner = b.learner;
    mode = b.mode;
    numClasses = b.numClasses;
    referenceLoss = b.referenceLoss;
    gamma = b.gamma;
    lrMin = b.lrMin;
    lrMax = b.lrMax;
    totalSteps = b.totalSteps;
    validateEvery = b.validateEvery;
    replyTimeout = b.replyTimeout;
    firstReplyTimeout = b.firstReplyTimeout;
    fallback = b.fallback != null ? b.fallback : FallbackSchedule.lastServedOr(b.initialFallbackLr);
    esTaskKey = b.esTaskKey;
    esSeed = b.esSeed;
    esSide = b.esSide;
  }

  public static Builder builder(String jobId) {
    return new Builder(jobId);
  }

  public String jobId() {
    return jobId;
  }

  public String learner() {
    return learner;
  }

  public LearnerMode mode() {
    return mode;
  }

  public int numClasses() {
    return numClasses;
  }

  /** The reference loss given at attach; {@link LrClient#updateReferenceLoss} may change it later. */
  public double referenceLoss() {
    return referenceLoss;
  }

  /** Explicit LR scale, or null when the service computes it from numClasses and referenceLoss. */
  public Double gamma() {
    return gamma;
  }

  public double lrMin() {
    return lrMin;
  }

  public double lrMax() {
    return lrMax;
  }

  public long totalSteps() {
    return totalSteps;
  }

  public int validateEvery() {
    return validateEvery;
  }

  public Duration replyTimeout() {
    return replyTimeout;
  }

  public Duration firstReplyTimeout() {
    return firstReplyTimeout;
  }

  public FallbackSchedule fallback() {
    return fallback;
  }

  /** True when the job is enrolled in fleet meta-training. */
  public boolean enrolled() {
    return esSide != null;
  }

  /** The enrolment sent on every step report (a fresh record), or null when the job is not enrolled. */
  public EsEnrolment esEnrolment() {
    return esSide == null ? null
        : EsEnrolment.newBuilder().setTaskKey(esTaskKey).setSeed(esSeed).setSide(esSide).build();
  }

  /**
   * LEARN jobs validate every k-th step: those with (step + 1) % k == 0. FROZEN jobs never do, nor do jobs enrolled
   * in fleet meta-training (their learner learns from their run result alone).
   */
  public boolean validationDue(long step) {
    return mode == LearnerMode.LEARN && esEnrolment() == null && (step + 1) % validateEvery == 0;
  }

  @Override
  public String toString() {
    return "JobOptions{job=" + jobId + ", learner=" + learner + ", mode=" + mode
        + (gamma != null ? ", gamma=" + gamma : ", numClasses=" + numClasses + ", referenceLoss=" + referenceLoss)
        + ", lr=[" + lrMin + ", " + lrMax + "], totalSteps=" + totalSteps
        + (mode == LearnerMode.LEARN ? ", validateEvery=" + validateEvery : "")
        + (esSide != null ? ", es=" + esTaskKey + "#" + esSeed + "/" + esSide : "")
        + ", replyTimeout=" + replyTimeout + ", firstReplyTimeout=" + firstReplyTimeout + "}";
  }

  /** Collects options; {@link #build()} checks them all. */
  public static final class Builder {
    private final String jobId;
    private String learner = "default";
    private LearnerMode mode = LearnerMode.FROZEN;
    private int numClasses;
    private double referenceLoss;
    private Double gamma;
    private double lrMin = 0.0;
    private double lrMax = 10.0;
    private long totalSteps;
    private int validateEvery = 300;
    private Duration replyTimeout = Duration.ofSeconds(5);
    private Duration firstReplyTimeout = Duration.ofSeconds(30);
    private FallbackSchedule fallback;
    private double initialFallbackLr = Double.NaN;
    private String esTaskKey;
    private long esSeed;
    private EsSide esSide;

    private Builder(String jobId) {
      this.jobId = jobId;
    }

    /** Name of the learner (meta-learner weights) that should serve this job. Default "default". */
    public Builder learner(String learner) {
      this.learner = learner;
      return this;
    }

    /** LEARN: the job's validation reports train the learner. Default FROZEN. */
    public Builder mode(LearnerMode mode) {
      this.mode = mode;
      return this;
    }

    /** Number of classes C, for the LR scale gamma. At least 2 unless gamma is given. */
    public Builder numClasses(int numClasses) {
      this.numClasses = numClasses;
      return this;
    }

    /** L0: mean training loss of the fresh model over the training set, for gamma. */
    public Builder referenceLoss(double referenceLoss) {
      this.referenceLoss = referenceLoss;
      return this;
    }

    /** Explicit LR scale gamma (> 0); numClasses and referenceLoss are then not needed. Null to unset. */
    public Builder gamma(Double gamma) {
      this.gamma = gamma;
      return this;
    }

    /** Smallest LR the job accepts. Default 0. */
    public Builder lrMin(double lrMin) {
      this.lrMin = lrMin;
      return this;
    }

    /** Largest LR the job accepts. Default 10. */
    public Builder lrMax(double lrMax) {
      this.lrMax = lrMax;
      return this;
    }

    /** Planned number of steps; 0 = unknown. Default 0. */
    public Builder totalSteps(long totalSteps) {
      this.totalSteps = totalSteps;
      return this;
    }

    /** LEARN jobs validate the steps with (step + 1) % k == 0. Default 300. */
    public Builder validateEvery(int k) {
      this.validateEvery = k;
      return this;
    }

    /** How long {@link LrClient#report} waits for a reply before it falls back. Default 5 s. */
    public Builder replyTimeout(Duration timeout) {
      this.replyTimeout = timeout;
      return this;
    }

    /**
     * The wait for replies until the service has answered once (or this wait ran out once): the first
     * reply can take longer while the agent warms up. Default 30 s.
     */
    public Builder firstReplyTimeout(Duration timeout) {
      this.firstReplyTimeout = timeout;
      return this;
    }

    /** The LR used before any LR was served; later fallbacks repeat the last served LR. */
    public Builder initialFallbackLr(double lr) {
      this.initialFallbackLr = lr;
      return this;
    }

    /** A custom fallback schedule instead of "last served LR, else the initial fallback LR". */
    public Builder fallback(FallbackSchedule fallback) {
      this.fallback = fallback;
      return this;
    }

    /**
     * Enrols the job in fleet meta-training (needs mode LEARN, a FLEET_ES learner and numClasses >= 2): it runs
     * side {@code side} of the antithetic pair ({@code taskKey}, {@code seed}). The other job of the pair uses
     * the same task key, seed (same initial weights and data order) and the other side.
     */
    public Builder es(String taskKey, long seed, EsSide side) {
      this.esTaskKey = taskKey;
      this.esSeed = seed;
      this.esSide = Objects.requireNonNull(side, "side (PLUS or MINUS)");
      return this;
    }

    public JobOptions build() {
      if (jobId == null || jobId.isBlank()) {
        throw new IllegalArgumentException("jobId must be a non-blank string (unique per training run)");
      }
      if (jobId.length() > MAX_JOB_ID_CHARS) {
        throw new IllegalArgumentException("jobId must be at most " + MAX_JOB_ID_CHARS + " characters, got "
            + jobId.length() + " (the agent rejects longer ones)");
      }
      if (learner == null || learner.isBlank()) {
        throw new IllegalArgumentException("learner must be a non-blank name, e.g. \"default\"");
      }
      Objects.requireNonNull(mode, "mode (LEARN or FROZEN)");
      checkScale();
      checkLrRange();
      if (totalSteps < 0) {
        throw new IllegalArgumentException("totalSteps must be >= 0 (0 = unknown), got " + totalSteps);
      }
      if (validateEvery < 1) {
        throw new IllegalArgumentException("validateEvery must be >= 1, got " + validateEvery);
      }
      checkTimeout(replyTimeout, "replyTimeout");
      checkTimeout(firstReplyTimeout, "firstReplyTimeout");
      checkFallback();
      checkEs();
      return new JobOptions(this);
    }

    private void checkScale() {
      if (gamma != null) {
        if (!Double.isFinite(gamma) || gamma <= 0) {
          throw new IllegalArgumentException("gamma must be a finite number > 0 when given, got " + gamma);
        }
        if (numClasses < 0) {
          throw new IllegalArgumentException("numClasses must be >= 0, got " + numClasses);
        }
        if (!Double.isFinite(referenceLoss) || referenceLoss < 0) {
          throw new IllegalArgumentException("referenceLoss must be finite and >= 0, got " + referenceLoss);
        }
        return;
      }
      if (numClasses < 2) {
        throw new IllegalArgumentException("numClasses must be >= 2 unless gamma is given, got " + numClasses);
      }
      if (!Double.isFinite(referenceLoss) || referenceLoss <= 0) {
        throw new IllegalArgumentException(
            "referenceLoss (mean training loss of the fresh model) must be finite and > 0 unless gamma is given, got "
                + referenceLoss);
      }
    }

    private void checkLrRange() {
      if (!Double.isFinite(lrMin) || lrMin < 0) {
        throw new IllegalArgumentException("lrMin must be a finite number >= 0, got " + lrMin);
      }
      if (!Double.isFinite(lrMax) || lrMax <= 0) {
        throw new IllegalArgumentException("lrMax must be a finite number > 0, got " + lrMax);
      }
      if (lrMax < lrMin) {
        throw new IllegalArgumentException("lrMax (" + lrMax + ") must be >= lrMin (" + lrMin + ")");
      }
    }

    private static void checkTimeout(Duration timeout, String name) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, got " + timeout);
      }
    }

    private void checkEs() {
      if (esSide == null) {
        return;
      }
      if (mode != LearnerMode.LEARN) {
        throw new IllegalArgumentException("an es enrolment needs mode LEARN (fleet meta-training trains the learner)");
      }
      if (esTaskKey == null || esTaskKey.isBlank() || esTaskKey.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("es taskKey must be non-blank without control characters, got '"
            + esTaskKey + "'");
      }
      if (numClasses < 2) {
        throw new IllegalArgumentException("an es enrolment needs numClasses >= 2 (also with gamma): the agent clips "
            + "the run's fitness at fitnessClip * ln(numClasses), got " + numClasses);
      }
    }

    private void checkFallback() {
      boolean initialGiven = !Double.isNaN(initialFallbackLr);
      if (fallback != null && initialGiven) {
        throw new IllegalArgumentException("give either initialFallbackLr or fallback, not both");
      }
      if (fallback == null && !initialGiven) {
        throw new IllegalArgumentException("set initialFallbackLr(lr) (or fallback(schedule)): the LR the job "
            + "trains with until the service has served one");
      }
      if (initialGiven && (!Double.isFinite(initialFallbackLr) || initialFallbackLr < lrMin
          || initialFallbackLr > lrMax)) {
        throw new IllegalArgumentException("initialFallbackLr must be finite and within [lrMin, lrMax] = ["
            + lrMin + ", " + lrMax + "], got " + initialFallbackLr);
      }
    }
  }
}
