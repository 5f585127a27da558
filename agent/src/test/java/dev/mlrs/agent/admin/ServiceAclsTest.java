package dev.mlrs.agent.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.topology.AgentTopics;
import dev.mlrs.schemas.TopicNames;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The table of docs/security.md, checked against the ACLs the class declares (as Kafka would match them). */
class ServiceAclsTest {
  private static final TopicNames TOPICS = TopicNames.withPrefix("team-a.");
  private static final ServiceAcls ACLS = new ServiceAcls(TOPICS, "team-a.mlrs-agent", "User:agent", "User:jobs");
  private static final List<AclBinding> BINDINGS = ACLS.bindings();

  @Test
  void jobsWriteTheirReportsAndReadDecisionsAndLearnersOnly() {
    for (String topic : List.of(TOPICS.steps(), TOPICS.validation(), TOPICS.runResults())) {
      assertTrue(allows("User:jobs", ResourceType.TOPIC, topic, AclOperation.WRITE), topic);
    }
    for (String topic : List.of(TOPICS.lr(), TOPICS.metaParams(), TOPICS.learnerHistory())) {
      assertTrue(allows("User:jobs", ResourceType.TOPIC, topic, AclOperation.READ), topic);
    }
    List<String> agentOnly = List.of(TOPICS.lr(), TOPICS.metaGradients(), TOPICS.metaParams(),
        TOPICS.learnerHistory(), TOPICS.rejected(), AgentTopics.esFitness(TOPICS), "team-a.mlrs-agent-store-changelog");
    for (String topic : agentOnly) {
      assertFalse(allows("User:jobs", ResourceType.TOPIC, topic, AclOperation.WRITE), topic);
      assertTrue(allows("User:agent", ResourceType.TOPIC, topic, AclOperation.WRITE), topic);
    }
    assertFalse(allows("User:jobs", ResourceType.TOPIC, TOPICS.steps(), AclOperation.READ),
        "a job reads no other job's reports");
    assertFalse(allows("User:jobs", ResourceType.TOPIC, TOPICS.steps(), AclOperation.CREATE));
    assertFalse(allows("User:jobs", ResourceType.GROUP, "team-a.mlrs-agent", AclOperation.READ));
    assertFalse(allows("User:jobs", ResourceType.TRANSACTIONAL_ID, "team-a.mlrs-agent-1-0", AclOperation.WRITE));
  }

  @Test
  void theAgentRunsItsStreamsApplication() {
    for (String topic : List.of(TOPICS.steps(), TOPICS.validation(), TOPICS.runResults(), TOPICS.metaGradients(),
        TOPICS.metaParams(), TOPICS.learnerHistory())) {
      assertTrue(allows("User:agent", ResourceType.TOPIC, topic, AclOperation.READ), topic);
    }
    for (String topic : TOPICS.all()) {
      assertTrue(allows("User:agent", ResourceType.TOPIC, topic, AclOperation.CREATE), topic);
    }
    assertTrue(allows("User:agent", ResourceType.GROUP, "team-a.mlrs-agent", AclOperation.READ));
    assertTrue(allows("User:agent", ResourceType.TRANSACTIONAL_ID, "team-a.mlrs-agent-5f1c-1", AclOperation.WRITE));
    assertTrue(allows("User:agent", ResourceType.TOPIC, "team-a.mlrs-agent-job-state-changelog",
        AclOperation.CREATE));
    assertFalse(allows("User:agent", ResourceType.TOPIC, "team-b.steps", AclOperation.READ),
        "nothing of another deployment");
    assertFalse(allows("User:agent", ResourceType.GROUP, "team-a.mlrs-agent-other", AclOperation.READ));
  }

  @Test
  void theAgentAndTheJobsMustBeDifferentPrincipals() {
    assertThrows(IllegalArgumentException.class, () -> new ServiceAcls(TOPICS, "a", "User:x", "User:x"));
    assertThrows(IllegalArgumentException.class, () -> new ServiceAcls(TOPICS, "a", "agent", "User:x"));
  }

  /** Whether an ALLOW binding matches, the way the broker matches LITERAL and PREFIXED patterns and ALL. */
  private static boolean allows(String principal, ResourceType type, String name, AclOperation operation) {
    return BINDINGS.stream().anyMatch(b -> b.pattern().resourceType() == type
        && (b.pattern().patternType() == PatternType.LITERAL ? b.pattern().name().equals(name)
            : b.pattern().patternType() == PatternType.PREFIXED && name.startsWith(b.pattern().name()))
        && b.entry().principal().equals(principal)
        && b.entry().permissionType() == AclPermissionType.ALLOW
        && (b.entry().operation() == operation || b.entry().operation() == AclOperation.ALL));
  }
}
