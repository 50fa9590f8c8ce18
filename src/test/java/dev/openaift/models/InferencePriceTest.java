package dev.openaift.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.InputFileException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferencePriceTest {
  @TempDir Path dir;

  @Test
  void baseFineTunedAndCheckpointPricesComeFromTheTable() {
    ModelCatalog c = ModelCatalog.builtIn();
    InferencePrice base = c.inferencePrice("gpt-4o-mini").orElseThrow();
    assertEquals(0, base.inputPer1m().compareTo(new BigDecimal("0.15")));
    assertEquals(0, base.outputPer1m().compareTo(new BigDecimal("0.60")));
    assertFalse(base.fineTuned());
    assertEquals("2025-06-01", base.asOf());
    InferencePrice ft =
        c.inferencePrice("ft:gpt-4o-mini-2024-07-18:org:x:abc:ckpt-step-10").orElseThrow();
    assertTrue(ft.fineTuned());
    assertEquals(0, ft.inputPer1m().compareTo(new BigDecimal("0.30")));
    assertEquals(0, ft.outputPer1m().compareTo(new BigDecimal("1.20")));
    // 1M in at $0.30 and 500k out at $1.20 = $0.90
    assertEquals(0, ft.cost(1_000_000, 500_000).compareTo(new BigDecimal("0.90")));
    assertTrue(c.inferencePrice("some-other-model").isEmpty());
    // Azure's fine-tunes are billed by Azure (and hosted by the hour): no price from this table
    assertTrue(
        c.inferencePrice("gpt-4o-mini-2024-07-18.ft-0e208cf33a6a466994aff31a08aba678-x").isEmpty());
  }

  @Test
  void aPricesFileAddsOrReplacesInferencePrices() throws IOException {
    Path f = dir.resolve("p.json");
    Files.writeString(
        f,
        "{\"inference_as_of\": \"2026-11-01\", \"models\": {\"gpt-4o-mini-2024-07-18\":"
            + " {\"encoding\": \"o200k_base\", \"context\": 65536, \"training_per_1m\": 3,"
            + " \"inference\": {\"input_per_1m\": 1, \"output_per_1m\": 2,"
            + " \"fine_tuned_input_per_1m\": 3, \"fine_tuned_output_per_1m\": 4}}}}");
    InferencePrice p =
        ModelCatalog.builtIn().withOverrides(f).inferencePrice("gpt-4o-mini").orElseThrow();
    assertEquals(0, p.outputPer1m().compareTo(BigDecimal.valueOf(2)));
    assertEquals("2026-11-01", p.asOf());
    Files.writeString(
        f,
        "{\"models\": {\"x\": {\"encoding\": \"o200k_base\", \"context\": 1, \"training_per_1m\":"
            + " 3, \"inference\": {\"input_per_1m\": -1}}}}");
    InputFileException e =
        assertThrows(InputFileException.class, () -> ModelCatalog.builtIn().withOverrides(f));
    assertTrue(e.getMessage().contains("\"inference\" needs"), e.getMessage());
  }
}
