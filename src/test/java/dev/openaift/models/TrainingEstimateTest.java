package dev.openaift.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingEstimateTest {
  @ParameterizedTest(name = "{0} examples -> {1} epochs")
  @CsvSource({
    "1, 25", // ceil(100/1) = 100, capped at 25
    "4, 25", // ceil(100/4) = 25
    "5, 20", // ceil(100/5) = 20
    "10, 10",
    "12, 9", // ceil(100/12) = 9
    "33, 4", // 99 < 100: ceil(100/33) = 4
    "34, 3", // 102 >= 100: the default
    "8333, 3", // 24,999 <= 25,000: the default
    "8334, 2", // 25,002 > 25,000: floor(25000/8334) = 2
    "12500, 2",
    "12501, 1",
    "25000, 1",
    "100000, 1" // floor would be 0: at least 1
  })
  void autoEpochsFollowsTheCookbookRule(long examples, int epochs) {
    assertEquals(epochs, TrainingEstimate.autoEpochs(examples));
  }

  @Test
  void costIsTokensTimesPricePerMillionRoundedToCents() {
    assertEquals(new BigDecimal("3.00"), TrainingEstimate.cost(1_000_000, new BigDecimal("3.00")));
    // 123,456 x 25 / 1e6 = 3.0864
    assertEquals(new BigDecimal("3.09"), TrainingEstimate.cost(123_456, new BigDecimal("25")));
    // 1,666 x 3 / 1e6 = 0.004998
    assertEquals(new BigDecimal("0.00"), TrainingEstimate.cost(1_666, new BigDecimal("3")));
    // 1,667 x 3 / 1e6 = 0.005001 rounds up
    assertEquals(new BigDecimal("0.01"), TrainingEstimate.cost(1_667, new BigDecimal("3")));
  }

  @Test
  void estimateMultipliesBilledTokensByEpochs() {
    TrainingEstimate auto = TrainingEstimate.of(50, 40_000, null, new BigDecimal("1.50"));
    assertEquals(3, auto.epochs());
    assertFalse(auto.epochsGiven());
    assertEquals(120_000, auto.billedTokensTotal());
    assertEquals(new BigDecimal("0.18"), auto.cost().orElseThrow());

    TrainingEstimate given = TrainingEstimate.of(50, 40_000, 7, new BigDecimal("25"));
    assertEquals(7, given.epochs());
    assertTrue(given.epochsGiven());
    assertEquals(280_000, given.billedTokensTotal());
    assertEquals(new BigDecimal("7.00"), given.cost().orElseThrow());

    TrainingEstimate unknown = TrainingEstimate.of(50, 40_000, null, null);
    assertTrue(unknown.cost().isEmpty());
    assertTrue(unknown.pricePer1m().isEmpty());
    assertEquals(120_000, unknown.billedTokensTotal());
  }
}
