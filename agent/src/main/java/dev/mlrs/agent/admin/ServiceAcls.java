package dev.mlrs.agent.admin;

import dev.mlrs.agent.topology.AgentTopics;
import dev.mlrs.schemas.KafkaConnection;
import dev.mlrs.schemas.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on a deployment's topics (the table in docs/security.md), as Kafka ACLs an administrator
 * applies once. Everything not allowed here is refused by the broker's authorizer
 * ({@code allow.everyone.if.no.acl.found=false}); administrators are super users and need no ACL.
 *
 * <ul>
 *   <li>Jobs write their reports ({@code steps}, {@code validation}, {@code run-results}) and read the decisions
 *       ({@code lr}) and the learners ({@code meta-params}, {@code learner-history}). Kafka ACLs stop at the topic:
 *       a job principal can read every partition of {@code lr}, so jobs that must not see each other's LRs need
 *       separate deployments (topic prefixes) and principals.</li>
 *   <li>Only the agent writes {@code lr}, {@code meta-gradients}, {@code meta-params}, {@code learner-history} and
 *       {@code rejected}; it also owns its Kafka Streams group, transactional ids and internal topics (all named
 *       after its application id) and may create the service's topics on a first start.</li>
 * </ul>
 *
 * @param topics        the deployment's topic names
 * @param applicationId the agent's Kafka Streams application id, prefix included ({@code mlrs.topic.prefix} +
 *                      {@code mlrs.application.id})
 * @param agent         the agent's principal, e.g. {@code User:agent}
 * @param jobs          the principal training jobs log in as, e.g. {@code User:jobs}
 */
public record ServiceAcls(TopicNames topics, String applicationId, String agent, String jobs) {
  private static final String ANY_HOST = "*";

  public ServiceAcls {
    Objects.requireNonNull(topics, "topics");
    for (String principal : List.of(agent, jobs)) {
      if (principal == null || !principal.matches("[A-Za-z]+:.+")) {
        throw new IllegalArgumentException("a principal looks like User:NAME, got " + principal);
      }
    }
    if (applicationId == null || applicationId.isBlank()) {
      throw new IllegalArgumentException("applicationId must be set");
    }
    if (agent.equals(jobs)) {
      throw new IllegalArgumentException("the agent and the jobs need different principals: jobs must not write "
          + "what only the agent writes");
    }
  }

  /** Every ACL of the deployment. */
  public List<AclBinding> bindings() {
    List<AclBinding> acls = new ArrayList<>();
    String esFitness = AgentTopics.esFitness(topics);
    for (String topic : List.of(topics.steps(), topics.validation(), topics.runResults())) {
      allow(acls, jobs, topic(topic), AclOperation.WRITE, AclOperation.DESCRIBE);
      allow(acls, agent, topic(topic), AclOperation.READ, AclOperation.DESCRIBE);
    }
    allow(acls, jobs, topic(topics.lr()), AclOperation.READ, AclOperation.DESCRIBE);
    for (String topic : List.of(topics.metaParams(), topics.learnerHistory())) {
      allow(acls, jobs, topic(topic), AclOperation.READ, AclOperation.DESCRIBE);
    }
    for (String topic : List.of(topics.lr(), topics.metaGradients(), topics.metaParams(), topics.learnerHistory(),
        topics.rejected(), esFitness)) {
      allow(acls, agent, topic(topic), AclOperation.WRITE, AclOperation.READ, AclOperation.DESCRIBE);
    }
    // A first start creates the service's topics (TopicSetup), and describes their configs.
    List<String> all = new ArrayList<>(topics.all());
    all.add(esFitness);
    for (String topic : all) {
      allow(acls, agent, topic(topic), AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS);
    }
    // Kafka Streams: the consumer group, the transactions of exactly-once and the changelog/repartition topics
    // are all named after the application id.
    allow(acls, agent, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL),
        AclOperation.READ, AclOperation.DESCRIBE);
    allow(acls, agent, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED),
        AclOperation.WRITE, AclOperation.DESCRIBE);
    allow(acls, agent, new ResourcePattern(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED),
        AclOperation.ALL);
    return acls;
  }

  /** Creates the ACLs; an administrator's connection (a super user). Creating an existing ACL changes nothing. */
  public void apply(KafkaConnection admin) {
    try (Admin client = Admin.create(admin.clientConfig())) {
      apply(client);
    }
  }

  public void apply(Admin admin) {
    try {
      admin.createAcls(bindings()).all().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating ACLs", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create the ACLs (an administrator must do it): " + e.getMessage(), e);
    }
  }

  private static ResourcePattern topic(String name) {
    return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
  }

  private static void allow(List<AclBinding> acls, String principal, ResourcePattern resource,
      AclOperation... operations) {
    for (AclOperation operation : operations) {
      acls.add(new AclBinding(resource, new AccessControlEntry(principal, ANY_HOST, operation,
          AclPermissionType.ALLOW)));
    }
  }
}
