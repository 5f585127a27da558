package dev.mlrs.agent.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LrScaleTest {

  @Test
  void matchesTheReferenceValuesAtTheUsualStart() {
    // METHOD.md: about 0.67 for 10 classes and 1.04 for 100, with L0 = ln C at the start.
    assertEquals(0.67, LrScale.gamma(Math.log(10), 10), 0.01);
    assertEquals(1.04, LrScale.gamma(Math.log(100), 100), 0.01);
    assertEquals(LrScale.unguardedGamma(2.3, 10), LrScale.gamma(2.3, 10), 1e-15);
  }

  @Test
  void isGuardedAgainstTheZeroAtOneOverC() {
    assertEquals(0.0, LrScale.unguardedGamma(0.1, 10), 1e-12);
    double floor = Math.sqrt(Math.E / 10) / Math.pow(10, 0.25) / 4;
    assertEquals(floor, LrScale.gamma(0.1, 10), 1e-12);
    assertEquals(floor, LrScale.gamma(0.001, 10), 1e-12);
    double previous = 0;
    for (double loss = 0.001; loss < 5; loss *= 1.1) {
      double gamma = LrScale.gamma(loss, 10);
      assertTrue(gamma >= previous - 1e-15, "not monotone at " + loss);
      assertTrue(gamma >= floor - 1e-15);
      previous = gamma;
    }
  }

  @Test
  void refusesInputsItCannotUse() {
    assertThrows(IllegalArgumentException.class, () -> LrScale.gamma(2.3, 1));
    assertThrows(IllegalArgumentException.class, () -> LrScale.gamma(Double.NaN, 10));
    assertThrows(IllegalArgumentException.class, () -> LrScale.gamma(-1, 10));
  }

  @Test
  void aJobsOwnGammaWinsThenTheLearnersScaleThenTheFormula() {
    assertEquals(0.3, LrScale.forJob(0.3, 0.8, 2.3, 10), 0.0);
    assertEquals(0.8, LrScale.forJob(null, 0.8, 0.69, 2), 0.0);
    assertEquals(LrScale.gamma(0.69, 2), LrScale.forJob(null, null, 0.69, 2), 0.0);
  }
}
