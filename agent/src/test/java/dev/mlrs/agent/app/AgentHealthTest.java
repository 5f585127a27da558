package dev.mlrs.agent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

/** The state listener behind the agent's exit code: ERROR or an unasked stop fails the process, a close does not. */
class AgentHealthTest {
  private final AgentHealth health = new AgentHealth();

  @Test
  void runningIsHealthy() {
    health.onChange(State.REBALANCING, State.CREATED);
    health.onChange(State.RUNNING, State.REBALANCING);
    health.onChange(State.REBALANCING, State.RUNNING);
    health.onChange(State.RUNNING, State.REBALANCING);
    assertFalse(health.failure().isDone());
    assertEquals(State.RUNNING, health.started().join());
  }

  @Test
  void errorMeansANonZeroExit() {
    health.onChange(State.RUNNING, State.REBALANCING);
    health.onChange(State.PENDING_ERROR, State.RUNNING);
    health.onChange(State.ERROR, State.PENDING_ERROR);
    int code = health.failure().join();
    assertNotEquals(0, code);
    assertEquals(AgentHealth.FAILED_EXIT_CODE, code);
  }

  @Test
  void stoppingWithoutBeingAskedIsAFailure() {
    health.onChange(State.RUNNING, State.REBALANCING);
    health.onChange(State.PENDING_SHUTDOWN, State.RUNNING);
    assertEquals(AgentHealth.FAILED_EXIT_CODE, health.failure().join());
  }

  @Test
  void aRequestedCloseIsNotAFailure() {
    health.onChange(State.RUNNING, State.REBALANCING);
    health.closing();
    health.onChange(State.PENDING_SHUTDOWN, State.RUNNING);
    health.onChange(State.NOT_RUNNING, State.PENDING_SHUTDOWN);
    assertFalse(health.failure().isDone());
  }
}
