package dev.mlrs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code mlrs acls}: the ACLs of the deployment named by the options; created only on a given cluster. */
class AclsCommandTest {

  @Test
  void printShowsTheDeploymentsAclsWithoutACluster() {
    CliRun run = CliRun.of("acls", "--print", "--topic-prefix", "team-a.", "--agent-principal", "User:agent",
        "--job-principal", "User:jobs");
    assertEquals(0, run.status(), run.toString());
    assertTrue(run.out().matches("(?s).*\\| User:jobs +\\| WRITE +\\| TOPIC +\\| team-a\\.steps .*"), run.toString());
    assertTrue(run.out().matches("(?s).*\\| User:agent +\\| WRITE +\\| TOPIC +\\| team-a\\.meta-params .*"),
        run.toString());
    assertTrue(run.out().matches("(?s).*\\| User:agent +\\| READ +\\| GROUP +\\| team-a\\.mlrs-agent .*"),
        run.toString());
    assertFalse(run.out().matches("(?s).*\\| User:jobs +\\| WRITE +\\| TOPIC +\\| team-a\\.lr .*"), run.toString());
  }

  @Test
  void theEmbeddedBrokerHasNoAuthorizerSoItIsRefused() {
    CliRun run = CliRun.of("acls", "--agent-principal", "User:agent", "--job-principal", "User:jobs");
    assertEquals(1, run.status(), run.toString());
    assertTrue(run.err().contains("the embedded broker has no authorizer"), run.toString());
  }

  @Test
  void theAgentAndTheJobsMustDiffer() {
    CliRun run = CliRun.of("acls", "--print", "--agent-principal", "User:x", "--job-principal", "User:x");
    assertEquals(1, run.status(), run.toString());
    assertTrue(run.err().contains("different principals"), run.toString());
  }
}
