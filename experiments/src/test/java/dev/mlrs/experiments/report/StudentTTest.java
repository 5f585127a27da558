package dev.mlrs.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StudentTTest {
  /**
   * Quantiles {p, df, t} computed independently (SciPy's stats.t.ppf); printed t tables give the same values to
   * their 3 or 4 decimals (12.706, 4.303, 3.182, 2.776, 2.571, 2.262, 2.228, 2.045, 2.042; 2.015; 4.604; 636.6).
   */
  private static final double[][] REFERENCE = {
      {0.975, 1, 12.706204736174694},
      {0.975, 2, 4.302652729749462},
      {0.975, 3, 3.1824463052837078},
      {0.975, 4, 2.7764451051977934},
      {0.975, 5, 2.5705818356363146},
      {0.975, 9, 2.262157162798205},
      {0.975, 10, 2.228138851986274},
      {0.975, 29, 2.045229642132703},
      {0.975, 30, 2.0422724563012378},
      {0.975, 1000, 1.9623390808264083},
      {0.95, 5, 2.0150483733330233},
      {0.995, 4, 4.604094871349992},
      {0.9995, 1, 636.6192487687897},
  };

  @Test
  void quantilesMatchReferenceValues() {
    for (double[] row : REFERENCE) {
      double t = StudentT.quantile(row[0], (int) row[1]);
      assertEquals(row[2], t, 1e-9 * row[2], "p=" + row[0] + ", df=" + (int) row[1]);
      assertEquals(-t, StudentT.quantile(1 - row[0], (int) row[1]), 1e-9 * row[2], "symmetric");
    }
  }

  @Test
  void closedFormsForOneAndTwoDegreesOfFreedom() {
    // df 1 is the Cauchy distribution: F(t) = 1/2 + atan(t)/pi; df 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2))
    for (double t : new double[] {0.1, 0.7, 1.0, 3.0, 40.0}) {
      assertEquals(0.5 + Math.atan(t) / Math.PI, StudentT.cdf(t, 1), 1e-14);
      assertEquals(0.5 + t / (2 * Math.sqrt(2 + t * t)), StudentT.cdf(t, 2), 1e-14);
    }
  }

  @Test
  void cdfAgreesWithReferenceValuesAndTheQuantileInvertsIt() {
    assertEquals(0.911350756505015, StudentT.cdf(1.5, 7), 1e-12);
    assertEquals(0.03432750701904298, StudentT.cdf(-2.0, 12), 1e-12);
    assertEquals(0.5, StudentT.cdf(0, 3), 0);
    for (int df = 1; df <= 30; df++) {
      assertEquals(0.8, StudentT.cdf(StudentT.quantile(0.8, df), df), 1e-12, "df " + df);
    }
    assertEquals(0, StudentT.quantile(0.5, 6), 0);
  }

  @Test
  void rejectsWhatHasNoAnswer() {
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(1, 4));
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(0.975, 0));
    assertThrows(IllegalArgumentException.class, () -> StudentT.cdf(Double.NaN, 4));
  }
}
