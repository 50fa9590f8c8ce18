package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code openai-ft prepare} end to end through {@link CliRun}: output, stderr and exit code. */
class PrepareCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static String fixture(String name) {
    try {
      return Path.of(PrepareCommandTest.class.getResource("/prepare/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> lines(String text) {
    return List.of(text.split("\\R"));
  }

  private static String lineStartingWith(String text, String prefix) {
    return lines(text).stream()
        .filter(l -> l.startsWith(prefix))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no line starting with '" + prefix + "' in:\n" + text));
  }

  @Test
  void usableFileExitsZeroWithTheReport() {
    CliRun r = CliRun.of("prepare", fixture("valid_chat.jsonl"));
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertTrue(lineStartingWith(r.out(), "Format").endsWith("chat (supervised)"));
    assertTrue(lineStartingWith(r.out(), "Examples").endsWith(" 12"));
    assertEquals(
        "Model                       gpt-4o-mini-2024-07-18 (o200k_base, context 65,536 tokens)",
        lineStartingWith(r.out(), "Model"));
    assertTrue(r.out().contains("Findings\n  none\n"), r.out());
    assertTrue(
        lineStartingWith(r.out(), "  Epochs")
            .endsWith("9 (the service's default for 12 examples)"));
    assertTrue(
        lineStartingWith(r.out(), "  Training cost").endsWith("(at $3.00 per 1M training tokens)"));
    assertTrue(lineStartingWith(r.out(), "  tokens").matches("  tokens( +[0-9.,]+){6}"));
    assertEquals("Result: usable", lines(r.out()).get(lines(r.out()).size() - 1));
  }

  @Test
  void unusableFileExitsFiveListingTheProblems() {
    CliRun r = CliRun.of("prepare", fixture("unknown_role.jsonl"));
    assertEquals(5, r.code());
    String finding = lineStartingWith(r.out(), "  error");
    assertTrue(finding.matches("  error +unknown role +2 lines: 4, 9 \\[human, robot\\]"), finding);
    assertTrue(r.out().endsWith("Result: NOT usable: 1 problem (unknown role)\n"), r.out());
    assertTrue(r.err().startsWith("openai-ft: "), r.err());
    assertEquals(1, lines(r.err().strip()).size());
  }

  @Test
  void warningsStillExitZero() {
    CliRun r = CliRun.of("prepare", fixture("duplicates.jsonl"));
    assertEquals(0, r.code());
    assertTrue(
        lineStartingWith(r.out(), "  warning")
            .matches("  warning +repeats an earlier example +2 lines: 5, 10"));
    assertTrue(r.out().endsWith("Result: usable (1 warning)\n"), r.out());
  }

  @Test
  void tooFewExamplesIsExitFive() {
    CliRun r = CliRun.of("prepare", fixture("too_few.jsonl"));
    assertEquals(5, r.code());
    assertTrue(lineStartingWith(r.out(), "  error").contains("fewer than 10 examples"));
    assertTrue(lineStartingWith(r.out(), "  error").endsWith("9 examples"));
  }

  @Test
  void givenEpochsAndModelChangeTheEstimate() {
    CliRun r =
        CliRun.of("prepare", fixture("valid_chat.jsonl"), "--model", "gpt-4o", "--epochs", "2");
    assertEquals(0, r.code(), r.err());
    assertTrue(lineStartingWith(r.out(), "Model").contains("gpt-4o -> gpt-4o-2024-08-06"));
    assertTrue(lineStartingWith(r.out(), "  Epochs").endsWith("2 (given)"));
    assertTrue(lineStartingWith(r.out(), "  Training cost").contains("$25.00 per 1M"));
  }

  @Test
  void jsonOutputHasSortedKeysAndTheSameFacts() throws Exception {
    CliRun r = CliRun.of("prepare", fixture("not_json.jsonl"), "--json");
    assertEquals(5, r.code());
    JsonNode root = JSON.readTree(r.out());
    assertSorted(root);
    assertFalse(root.get("usable").asBoolean());
    assertEquals("chat", root.get("format").asText());
    assertEquals(12, root.get("examples").asInt());
    assertEquals(10, root.get("valid_examples").asInt());
    JsonNode issue = root.get("issues").get(0);
    assertEquals("not_json", issue.get("kind").asText());
    assertEquals("error", issue.get("severity").asText());
    assertEquals(2, issue.get("count").asInt());
    assertEquals("[3,7]", issue.get("lines").toString());
    assertEquals("gpt-4o-mini-2024-07-18", root.at("/model/matched").asText());
    assertEquals(65536, root.at("/model/context").asInt());
    JsonNode estimate = root.get("estimate");
    assertEquals("auto", estimate.get("epochs_source").asText());
    assertEquals(9, estimate.get("epochs").asInt()); // 12 examples (lines): ceil(100 / 12)
    long perEpoch = estimate.get("billed_tokens_per_epoch").asLong();
    assertEquals(root.at("/tokens_per_example/sum").asLong(), perEpoch);
    assertEquals(perEpoch * 9, estimate.get("billed_tokens_total").asLong());
    assertTrue(estimate.get("cost_usd").isNumber());
  }

  @Test
  void unknownModelHasNullCostInJson() throws Exception {
    CliRun r =
        CliRun.of("prepare", fixture("valid_chat.jsonl"), "--json", "--model", "my-own-model");
    assertEquals(0, r.code());
    JsonNode root = JSON.readTree(r.out());
    assertTrue(root.at("/estimate/cost_usd").isNull());
    assertTrue(root.at("/model/matched").isNull());
    assertEquals("o200k_base", root.at("/model/encoding").asText());
    CliRun text = CliRun.of("prepare", fixture("valid_chat.jsonl"), "--model", "my-own-model");
    assertTrue(
        lineStartingWith(text.out(), "  Training cost")
            .endsWith("unknown (no price for this model)"));
    assertTrue(text.out().contains("unknown model \"my-own-model\""));
  }

  @Test
  void pricesFileOverridesTheBuiltInTable() throws Exception {
    Path prices = dir.resolve("prices.json");
    Files.writeString(
        prices,
        "{\"as_of\": \"2026-11-01\", \"models\": {\"gpt-4o-mini-2024-07-18\": {\"encoding\":"
            + " \"o200k_base\", \"context\": 65536, \"training_per_1m\": 1000000}}}");
    CliRun r =
        CliRun.of("prepare", fixture("valid_chat.jsonl"), "--prices", prices.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode root = JSON.readTree(r.out());
    assertEquals("2026-11-01", root.get("prices_as_of").asText());
    long total = root.at("/estimate/billed_tokens_total").asLong();
    // $1,000,000 per 1M tokens: one dollar per token
    assertEquals(
        0,
        root.at("/estimate/cost_usd")
            .decimalValue()
            .compareTo(java.math.BigDecimal.valueOf(total)));
  }

  @Test
  void badOptionsAreUsageErrorsNamingTheOption() {
    CliRun zero = CliRun.of("prepare", fixture("valid_chat.jsonl"), "--epochs", "0");
    assertEquals(2, zero.code());
    assertTrue(zero.err().contains("--epochs"), zero.err());
    CliRun many = CliRun.of("prepare", fixture("valid_chat.jsonl"), "--epochs", "51");
    assertEquals(2, many.code());
    CliRun notNumber = CliRun.of("prepare", fixture("valid_chat.jsonl"), "--epochs", "three");
    assertEquals(2, notNumber.code());
    assertTrue(notNumber.err().contains("--epochs"), notNumber.err());
    CliRun lines = CliRun.of("prepare", fixture("valid_chat.jsonl"), "--max-lines", "0");
    assertEquals(2, lines.code());
    CliRun noFile = CliRun.of("prepare");
    assertEquals(2, noFile.code());
  }

  @Test
  void fileProblemsAreOneLineAndExitFive() throws Exception {
    CliRun missing = CliRun.of("prepare", dir.resolve("nope.jsonl").toString());
    assertEquals(5, missing.code());
    assertEquals("openai-ft: " + dir.resolve("nope.jsonl") + ": no such file\n", missing.err());
    assertEquals("", missing.out());

    CliRun directory = CliRun.of("prepare", dir.toString());
    assertEquals(5, directory.code());
    assertTrue(directory.err().contains("is a directory"));

    Path binary = dir.resolve("x.bin");
    Files.write(binary, new byte[] {1, 0, 2, 0});
    CliRun bin = CliRun.of("prepare", binary.toString());
    assertEquals(5, bin.code());
    assertEquals(1, lines(bin.err().strip()).size());

    CliRun badPrices =
        CliRun.of(
            "prepare", fixture("valid_chat.jsonl"), "--prices", dir.resolve("p.json").toString());
    assertEquals(5, badPrices.code());
    assertTrue(badPrices.err().contains("no such price file"), badPrices.err());
  }

  /** Golden files lock both outputs; run from the project directory (as Maven does). */
  @Test
  void outputsMatchTheGoldenFiles() throws Exception {
    String input = "src/test/resources/prepare/no_system.jsonl";
    Path golden = Path.of("src/test/resources/prepare/golden");
    CliRun text = CliRun.of("prepare", input);
    assertEquals(0, text.code(), text.err());
    assertEquals(Files.readString(golden.resolve("no_system.txt")), text.out());
    CliRun json = CliRun.of("prepare", input, "--json");
    assertEquals(Files.readString(golden.resolve("no_system.json")), json.out());
  }

  @Test
  void helpShowsAnExampleAndRootListsPrepare() {
    CliRun help = CliRun.of("prepare", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("openai-ft prepare train.jsonl"), help.out());
    CliRun root = CliRun.of("--help");
    // the name column is as wide as the longest command name, so the spacing and the wrapping are
    // not fixed
    assertTrue(
        root.out()
            .matches(
                "(?s).*\n"
                    + "  prepare +Check a training file before upload: errors, tokens,"
                    + " epochs,\\s+cost\\.\n"
                    + ".*"),
        root.out());
  }

  private static void assertSorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      Iterator<String> it = node.fieldNames();
      it.forEachRemaining(names::add);
      List<String> sorted = new ArrayList<>(names);
      sorted.sort(null);
      assertEquals(sorted, names);
      node.forEach(PrepareCommandTest::assertSorted);
    } else if (node.isArray()) {
      node.forEach(PrepareCommandTest::assertSorted);
    }
  }
}
