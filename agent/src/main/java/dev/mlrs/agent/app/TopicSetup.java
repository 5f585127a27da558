package dev.mlrs.agent.app;

import dev.mlrs.agent.topology.AgentTopics;
import dev.mlrs.schemas.TopicNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the service's topics when they are missing and checks the ones that exist: steps, validation and
 * run-results must have the same partition count (they are co-partitioned by job id), and meta-params and
 * learner-history are compacted (they are the learners' record of truth). The agent's own es-fitness topic
 * is created with them.
 */
public final class TopicSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {
  }

  public static void ensure(AgentSettings settings) {
    try (Admin admin = Admin.create(settings.connection().clientConfig())) {
      ensure(admin, settings.topics(), settings.partitions(), settings.replicationFactor());
    }
  }

  static void ensure(Admin admin, TopicNames topics, int partitions, short replication) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      List<String> wanted = new ArrayList<>(topics.all());
      wanted.add(AgentTopics.esFitness(topics));
      for (String name : wanted) {
        if (existing.contains(name)) {
          continue;
        }
        NewTopic topic = new NewTopic(name, partitions, replication);
        if (name.equals(topics.metaParams()) || name.equals(topics.learnerHistory())) {
          topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
              TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(4 << 20)));
        }
        missing.add(topic);
      }
      if (!missing.isEmpty()) {
        List<String> names = missing.stream().map(NewTopic::name).toList();
        try {
          admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
          LOG.info("created topics {}", names);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
          // another instance created (some of) them in the meantime: fine, but they may be just as new
        }
        awaitLeaders(admin, names);
      }
      List<String> byJob = List.of(topics.steps(), topics.validation(), topics.runResults());
      Map<String, TopicDescription> described = admin.describeTopics(byJob).allTopicNames().get(30, TimeUnit.SECONDS);
      int steps = described.get(topics.steps()).partitions().size();
      for (String other : byJob) {
        int count = described.get(other).partitions().size();
        if (count != steps) {
          throw new IllegalStateException("topics " + topics.steps() + " (" + steps + " partitions) and " + other
              + " (" + count + ") must have the same number of partitions: both are keyed by job id and read by "
              + "the same task");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot set up topics on the Kafka cluster: " + e.getMessage(), e);
    }
  }

  /**
   * Waits until every partition of the given topics has a leader. Creation returns when the controller has
   * accepted it, before the broker serves the partitions; a producer writing in that window starts with
   * retriable errors, and for an idempotent producer a failed first batch followed by a successful one can
   * stall the partition for good (KAFKA-14359). This narrows the window; it does not close it. Topics that
   * do not exist yet are waited for too.
   *
   * @param admin an admin client of the cluster
   * @param names the topics to wait for
   * @throws TimeoutException     when some partition still has no leader after 30 s in all
   * @throws InterruptedException when interrupted while waiting
   * @throws IllegalStateException when the topics cannot be described for another reason than not existing yet
   */
  public static void awaitLeaders(Admin admin, Collection<String> names) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      // each describe gets only what is left of the 30 s, so the whole wait stays within them
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("the new topics " + names + " have no leader after 30 s");
      }
      try {
        boolean ready = admin.describeTopics(names).allTopicNames().get(left, TimeUnit.NANOSECONDS).values().stream()
            .flatMap(d -> d.partitions().stream())
            .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (ready) {
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("cannot describe the new topics: " + e.getMessage(), e);
        }
      }
      Thread.sleep(50);
    }
  }
}
