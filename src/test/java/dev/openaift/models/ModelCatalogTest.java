package dev.openaift.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.InputFileException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
  private final ModelCatalog builtIn = ModelCatalog.builtIn();

  @TempDir Path dir;

  @Test
  void builtInTableIsDatedAndHasTheDocumentedPrices() {
    assertTrue(builtIn.asOf().matches("\\d{4}-\\d{2}-\\d{2}"), builtIn.asOf());
    assertFalse(builtIn.source().isBlank());
    assertPrice("gpt-4o-mini-2024-07-18", "3.00", 65_536, "o200k_base");
    assertPrice("gpt-4o-2024-08-06", "25.00", 65_536, "o200k_base");
    assertPrice("gpt-4.1-2025-04-14", "25.00", 65_536, "o200k_base");
    assertPrice("gpt-4.1-mini-2025-04-14", "5.00", 65_536, "o200k_base");
    assertPrice("gpt-4.1-nano-2025-04-14", "1.50", 65_536, "o200k_base");
    assertPrice("gpt-3.5-turbo-0125", "8.00", 16_385, "cl100k_base");
    assertPrice("davinci-002", "6.00", 16_384, "cl100k_base");
    assertPrice("babbage-002", "0.40", 16_384, "cl100k_base");
  }

  @Test
  void prefixFindsTheSnapshotButNotAnotherFamily() {
    assertEquals("gpt-4o-mini-2024-07-18", matched("gpt-4o-mini"));
    assertEquals("gpt-4o-2024-08-06", matched("gpt-4o")); // not gpt-4o-mini
    assertEquals("gpt-4.1-2025-04-14", matched("gpt-4.1")); // not gpt-4.1-mini
    assertEquals("gpt-4.1-nano-2025-04-14", matched("gpt-4.1-nano"));
    assertEquals("gpt-3.5-turbo-0125", matched("gpt-3.5-turbo"));
    assertEquals("davinci-002", matched("davinci-002"));
  }

  @Test
  void fineTunedModelUsesItsBase() {
    assertEquals("gpt-4o-mini-2024-07-18", matched("ft:gpt-4o-mini-2024-07-18:acme:support:9xYz"));
    assertEquals("gpt-4.1-2025-04-14", matched("ft:gpt-4.1-2025-04-14:acme::AbC:ckpt-step-10"));
    // Azure's names: the tokenizer and context of the base
    assertEquals(
        "gpt-4.1-2025-04-14", matched("gpt-4.1-2025-04-14.ft-0e208cf33a6a466994aff31a08aba678"));
    assertEquals("gpt-4o-mini-2024-07-18", ModelCatalog.baseModel("ft:gpt-4o-mini-2024-07-18"));
  }

  @Test
  void unknownModelFallsBackToO200k() {
    ModelMatch m = builtIn.resolve("o4-mini-2025-04-16");
    assertFalse(m.known());
    assertEquals("o200k_base", m.encoding());
    assertFalse(builtIn.resolve("gpt-4").known()); // "gpt-4" must not match gpt-4o or gpt-4.1
  }

  @Test
  void unknownModelsOfOlderFamiliesUseCl100k() {
    assertEquals("cl100k_base", builtIn.resolve("gpt-3.5-turbo-1106").encoding());
    assertEquals("cl100k_base", builtIn.resolve("gpt-4-0613").encoding());
    assertEquals("cl100k_base", builtIn.resolve("gpt-4").encoding());
    assertEquals("o200k_base", builtIn.resolve("gpt-4o-2024-05-13").encoding());
    assertEquals("o200k_base", builtIn.resolve("gpt-4.1-2026-01-01").encoding());
    assertEquals("o200k_base", builtIn.resolve("o3").encoding());
  }

  @Test
  void overridesReplaceAndAddEntries() throws Exception {
    Path prices = dir.resolve("prices.json");
    Files.writeString(
        prices,
        """
        {"as_of": "2026-11-01", "models": {
          "gpt-4o-mini-2024-07-18": {"encoding": "o200k_base", "context": 131072, "training_per_1m": 2.5},
          "my-model-2026-01-01": {"encoding": "cl100k_base", "context": 8192, "training_per_1m": 1}}}
        """);
    ModelCatalog merged = builtIn.withOverrides(prices);
    assertEquals("2026-11-01", merged.asOf());
    assertEquals(builtIn.source(), merged.source());
    ModelInfo mini = merged.resolve("gpt-4o-mini").info().orElseThrow();
    assertEquals(131_072, mini.contextTokens());
    assertEquals(0, new BigDecimal("2.5").compareTo(mini.trainingPer1m()));
    assertEquals("cl100k_base", merged.resolve("my-model").encoding());
    assertTrue(merged.resolve("gpt-4o-2024-08-06").known(), "built-in entries stay");
  }

  @Test
  void badOverrideFilesAreFileErrors() throws Exception {
    Path missing = dir.resolve("nope.json");
    InputFileException e =
        assertThrows(InputFileException.class, () -> builtIn.withOverrides(missing));
    assertTrue(e.getMessage().contains("no such price file"), e.getMessage());

    Path notJson = dir.resolve("bad.json");
    Files.writeString(notJson, "{models: ");
    assertThrows(InputFileException.class, () -> builtIn.withOverrides(notJson));

    Path noContext = dir.resolve("nocontext.json");
    Files.writeString(
        noContext, "{\"models\": {\"x\": {\"encoding\": \"o200k_base\", \"training_per_1m\": 1}}}");
    e = assertThrows(InputFileException.class, () -> builtIn.withOverrides(noContext));
    assertTrue(e.getMessage().contains("model \"x\""), e.getMessage());

    Path badEncoding = dir.resolve("enc.json");
    Files.writeString(
        badEncoding,
        "{\"models\": {\"x\": {\"encoding\": \"gpt2\", \"context\": 10, \"training_per_1m\": 1}}}");
    e = assertThrows(InputFileException.class, () -> builtIn.withOverrides(badEncoding));
    assertTrue(e.getMessage().contains("unknown encoding"), e.getMessage());
  }

  @Test
  void formatsComeFromTheTableAndDefaultToAll() throws Exception {
    assertEquals(Set.of(DatasetFormat.COMPLETION), builtIn.models().get("babbage-002").formats());
    assertEquals(
        Set.of(DatasetFormat.CHAT, DatasetFormat.DPO),
        builtIn.models().get("gpt-4o-2024-08-06").formats());
    Path prices = dir.resolve("formats.json");
    Files.writeString(
        prices,
        "{\"models\": {\"x\": {\"encoding\": \"o200k_base\", \"context\": 10, \"training_per_1m\":"
            + " 1}}}");
    assertEquals(
        Set.of(DatasetFormat.CHAT, DatasetFormat.DPO, DatasetFormat.COMPLETION),
        builtIn.withOverrides(prices).models().get("x").formats());
    Files.writeString(
        prices,
        "{\"models\": {\"x\": {\"encoding\": \"o200k_base\", \"context\": 10, \"training_per_1m\":"
            + " 1, \"formats\": [\"chat\", \"rlhf\"]}}}");
    InputFileException e =
        assertThrows(InputFileException.class, () -> builtIn.withOverrides(prices));
    assertTrue(e.getMessage().contains("\"formats\""), e.getMessage());
  }

  private String matched(String requested) {
    return builtIn.resolve(requested).info().map(ModelInfo::name).orElse("(unknown)");
  }

  private void assertPrice(String name, String price, int context, String encoding) {
    ModelInfo info = builtIn.models().get(name);
    assertEquals(name, info.name());
    assertEquals(0, new BigDecimal(price).compareTo(info.trainingPer1m()), name);
    assertEquals(context, info.contextTokens(), name);
    assertEquals(encoding, info.encoding(), name);
  }

  @Test
  void aPriceFileThatIsNotJsonSaysWhereInOurWords(@TempDir Path dir) throws java.io.IOException {
    Path prices =
        java.nio.file.Files.writeString(
            dir.resolve("prices.json"), "{\"models\": {\"x\": [1, 2}}\n");
    InputFileException e =
        assertThrows(InputFileException.class, () -> ModelCatalog.builtIn().withOverrides(prices));
    assertEquals(
        prices + ":1:23: price file: not valid JSON: unexpected '}' (expected ']')",
        e.getMessage());
  }
}
