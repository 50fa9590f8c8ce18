package dev.openaift.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DollarsTest {
  @Test
  void aPartlyUnknownCostUnderACentIsNotAtLeastLessThanACent() {
    String tiny = Dollars.estimate(new BigDecimal("0.004"), true);
    assertFalse(tiny.contains("at least less"), tiny);
    assertEquals(
        "less than $0.01 for the known prices, more for the others (some prices unknown)", tiny);
    assertEquals(
        "at least $1.20 (some prices unknown)", Dollars.estimate(new BigDecimal("1.2"), true));
    assertEquals("unknown (no price known)", Dollars.estimate(BigDecimal.ZERO, true));
    assertEquals("less than $0.01", Dollars.estimate(new BigDecimal("0.004"), false));
    assertEquals("$0.00", Dollars.of(BigDecimal.ZERO));
    assertEquals("less than $0.01", Dollars.of(BigDecimal.ZERO, 12));
    assertEquals("$3.46", Dollars.of(new BigDecimal("3.456")));
  }
}
