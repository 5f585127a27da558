package dev.mlrs.agent.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlrs.agent.math.CellShape;
import dev.mlrs.schemas.EsSubspace;
import org.junit.jupiter.api.Test;

class EsSubspaceMaskTest {

  private static final CellShape AWARE = CellShape.REFERENCE.scheduleAware(6);

  @Test
  void headIsTheKnotsAndTheOutputBias() {
    EsSubspaceMask head = EsSubspaceMask.of(AWARE, EsSubspace.HEAD);
    assertEquals(7, head.size());
    assertEquals(AWARE.b3(), head.index(0));
    for (int k = 1; k < 7; k++) {
      assertEquals(AWARE.knot0() + k - 1, head.index(k));
    }
  }

  @Test
  void subspaceIsTheInputAndOutputLayersAndTheKnots() {
    EsSubspaceMask sub = EsSubspaceMask.of(AWARE, EsSubspace.SUBSPACE);
    assertEquals(50 + 25 + 50 + 1 + 6, sub.size());
    for (int m = 0; m < 25; m++) {
      assertTrue(sub.contains(AWARE.inputWeight(m, 0)));
      assertTrue(sub.contains(AWARE.inputWeight(m, 1)), "the progress column");
      assertTrue(sub.contains(AWARE.bI1() + m));
    }
    for (int k = 0; k < 50; k++) {
      assertTrue(sub.contains(AWARE.w3() + k));
    }
    assertTrue(sub.contains(AWARE.b3()));
    assertTrue(sub.contains(AWARE.parameterCount() - 1));
    assertFalse(sub.contains(AWARE.wI2()));
    assertFalse(sub.contains(AWARE.bH2() + 199));
    int[] indices = sub.indices();
    for (int k = 1; k < indices.length; k++) {
      assertTrue(indices[k] > indices[k - 1], "ascending");
    }
  }

  @Test
  void fullIsEveryWeight() {
    EsSubspaceMask full = EsSubspaceMask.of(AWARE, EsSubspace.FULL);
    assertEquals(11807, full.size());
    assertEquals(0, full.index(0));
    assertEquals(11806, full.index(11806));
  }

  @Test
  void aCellWithoutHeadHasOnlyTheBiasInHead() {
    assertEquals(1, EsSubspaceMask.of(CellShape.REFERENCE, EsSubspace.HEAD).size());
    assertEquals(25 + 25 + 50 + 1, EsSubspaceMask.of(CellShape.REFERENCE, EsSubspace.SUBSPACE).size());
  }
}
