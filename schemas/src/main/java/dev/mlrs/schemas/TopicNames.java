package dev.mlrs.schemas;

import java.util.List;
import java.util.Objects;

/**
 * Names of the service's topics. A deployment may put a prefix in front of every name
 * (e.g. "team-a.") so that several deployments share one cluster. {@code learnerHistory} is compacted like
 * meta-params but keyed by "name@version": it keeps the versions that enrolled fleet jobs are still served
 * (docs/adr/0008-fleet-objective-on-kafka.md).
 */
public record TopicNames(String steps, String validation, String lr, String metaGradients,
                         String metaParams, String rejected, String runResults, String learnerHistory) {

  public static final TopicNames DEFAULT = withPrefix("");

  public static TopicNames withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return new TopicNames(prefix + "steps", prefix + "validation", prefix + "lr",
        prefix + "meta-gradients", prefix + "meta-params", prefix + "rejected",
        prefix + "run-results", prefix + "learner-history");
  }

  public List<String> all() {
    return List.of(steps, validation, lr, metaGradients, metaParams, rejected, runResults, learnerHistory);
  }
}
