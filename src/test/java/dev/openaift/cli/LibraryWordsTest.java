package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.openaift.io.Json;
import dev.openaift.io.JsonErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input of every kind the JSON and CSV libraries reject, through the real readers and commands:
 * the message is in our words (what is wrong, where), never the library's vocabulary.
 */
class LibraryWordsTest {
  /** Class names, feature and constraint names, markers and token types of the libraries. */
  private static final Pattern LIBRARY =
      Pattern.compile(
          "com\\.fasterxml|jackson|Feature|getMax|Constraints|REDACTED|VALUE_STRING|START_OBJECT"
              + "|CSVFormat|commons|\\[Source|`|JsonNode|setDuplicateHeaderMode|token '");

  @TempDir Path dir;

  private static final Map<String, String> BAD_JSON =
      Map.of(
          "deep", "{\"log_history\": " + "[".repeat(3000) + "]".repeat(3000) + "}",
          "huge-number", "{\"log_history\": [{\"step\": 1, \"loss\": 1" + "1".repeat(2000) + "}]}",
          "huge-string",
              "{\"log_history\": [{\"step\": 1, \"x\": \"" + "a".repeat(20_000_001) + "\"}]}",
          "comment", "// a comment\n{\"log_history\": []}",
          "nan", "{\"messages\": [{\"role\": \"user\", \"content\": NaN}]}",
          "trailing", "{\"log_history\": []} {\"x\": 1}",
          "cut", "{\"log_history\": [{\"step\": 1, \"loss\": \"ab");

  private static final Map<String, String> EXPECTED =
      Map.of(
          "deep", "nested too deeply (more than 1000 levels",
          "huge-number", "a number with more than 1000 digits",
          "huge-string", "a string longer than 20000000 characters",
          "comment", "JSON has no comments",
          "nan", "NaN is not a JSON number",
          "trailing", "unexpected content after the end of the document",
          "cut", "the file ends inside a string (cut off?)");

  private static void assertOurWords(CliRun r, String expected) {
    String all = r.out() + r.err();
    assertFalse(LIBRARY.matcher(all).find(), all);
    assertTrue(all.contains(expected), all);
    assertEquals(1, r.err().lines().count(), r.err());
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @ParameterizedTest
  @CsvSource({"deep", "huge-number", "huge-string", "comment", "nan", "trailing", "cut"})
  void badJsonInATrainerStateAndInEvalData(String kind) throws IOException {
    Path state = write(kind + "/trainer_state.json", BAD_JSON.get(kind));
    CliRun report = CliRun.of("report", state.toString(), "--format", "json");
    if (!kind.equals("nan")) { // NaN is read by the Trainer reader (Python writes it)
      assertEquals(5, report.code(), report.err());
      assertOurWords(report, EXPECTED.get(kind));
      assertTrue(report.err().contains("trainer_state.json"), report.err());
    }
    Path data = write(kind + ".jsonl", BAD_JSON.get(kind).replace('\n', ' ') + "\n");
    CliRun eval =
        CliRun.withEnv(Map.of(), "eval", "--data", data.toString(), "--model", "gpt-4o-mini");
    assertEquals(5, eval.code(), eval.err());
    assertOurWords(eval, EXPECTED.get(kind));
    assertTrue(eval.err().contains(kind + ".jsonl:1"), eval.err());
  }

  @Test
  void aCutBackupManifest() throws IOException {
    write("arch/backup.json", "{\"files\": {\"a\": {\"sha256\": \"ab");
    CliRun r =
        CliRun.withEnv(
            Map.of(), "backup", "--verify", "--reports-dir", dir.resolve("arch").toString());
    assertEquals(5, r.code(), r.err());
    assertOurWords(r, "backup.json:1:");
    assertTrue(r.err().contains("the file ends inside a string (cut off?)"), r.err());
  }

  @Test
  void aDuplicateCsvHeader() throws IOException {
    Path csv = write("dup.csv", "text,label,text\na,b,c\n");
    CliRun r =
        CliRun.withEnv(
            Map.of(),
            "classification",
            "prepare",
            csv.toString(),
            "--text-column",
            "text",
            "--label-column",
            "label");
    assertEquals(5, r.code(), r.err());
    assertOurWords(r, "dup.csv:1: the column name 'text' appears twice in the header");
  }

  @Test
  void otherCsvErrorsNameTheLine() throws IOException {
    Path after = write("after.csv", "text,label\nok,b\n\"a\"x,b\n");
    Path open = write("open.csv", "text,label\nok,b\n\"abc,b\n");
    for (Path csv : List.of(after, open)) {
      CliRun r =
          CliRun.withEnv(
              Map.of(),
              "classification",
              "prepare",
              csv.toString(),
              "--text-column",
              "text",
              "--label-column",
              "label");
      assertEquals(5, r.code(), r.err());
      assertOurWords(r, csv.getFileName() + ":3: not valid CSV: ");
    }
  }

  @Test
  void aValueOfTheWrongType() {
    JsonProcessingException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            JsonProcessingException.class,
            () -> Json.standard().readValue("{\"a\": 1}", List.class));
    String described = JsonErrors.describe(e);
    assertEquals("expected a list but found an object", described);
    assertFalse(LIBRARY.matcher(described).find(), described);
  }

  @Test
  void aMessageThatQuotedTheLibraryIsTranslatedByTheErrorPrinter() {
    JsonProcessingException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            JsonProcessingException.class, () -> Json.standard().readTree("[1] [2]"));
    String quoted = "settings.json: not JSON: " + e.getOriginalMessage();
    assertTrue(LIBRARY.matcher(quoted).find(), quoted);
    String ours = JsonErrors.inOurWords(quoted, new IllegalStateException(quoted, e));
    assertEquals("settings.json: not JSON: unexpected content after the end of the document", ours);
  }

  @Test
  void recordedAndGeneratedAnswerLinesSayWhatIsWrongInOurWords() {
    for (String line : List.of("{\"a\": NaN}", "{\"a\": 1} {\"b\": 2}", "// note")) {
      IllegalArgumentException recorded =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> dev.openaift.record.RecordingJson.parseAnswer(line));
      assertFalse(LIBRARY.matcher(recorded.getMessage()).find(), recorded.getMessage());
      IllegalArgumentException generated =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> dev.openaift.generate.GenerateJson.parseAnswer(line));
      assertFalse(LIBRARY.matcher(generated.getMessage()).find(), generated.getMessage());
    }
  }
}
