package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code openai-ft classification prepare} on awkward CSVs, end to end through the command line.
 */
class ClassificationPrepareCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  /**
   * A BOM, semicolons, a quoted text holding the delimiter, doubled quotes and a line break, CRLF
   * line ends, an extra column and a two-token label.
   */
  @Test
  void awkwardlyQuotedCsv() throws Exception {
    StringBuilder csv = new StringBuilder("\uFEFFid;text;label\r\n");
    csv.append("1;\"Refund; please\r\nit broke \"\"twice\"\"\";billing\r\n");
    for (int i = 2; i <= 11; i++) {
      csv.append(i)
          .append(";plain text ")
          .append(i)
          .append(";")
          .append(i % 2 == 0 ? "billing" : "tech")
          .append("\r\n");
    }
    csv.append("12;\"x\";very urgent\r\n");
    Path file = dir.resolve("tickets.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);

    CliRun r =
        run(
            "classification",
            "prepare",
            file.toString(),
            "--text-column",
            "text",
            "--label-column",
            "label",
            "--validation-split",
            "0.2",
            "--seed",
            "3");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("Read 12 rows from " + file + " (delimiter ';'), 3 labels."), r.out());
    // billing 6 rows (1 + 2,4,6,8,10), tech 5, very urgent 1: round(6*0.2)=1, round(5*0.2)=1, 1
    // keeps its one row
    assertTrue(r.out().contains("billing         6  50.0%      5      1       1"), r.out());
    assertTrue(r.out().contains("tech            5  41.7%      4      1       1"), r.out());
    assertTrue(r.out().contains("warning: label 'very urgent' is 2 tokens in o200k_base"), r.out());
    assertTrue(r.out().contains("warning: label 'tech' has only 5 rows (fewer than 10)"), r.out());

    List<JsonNode> train = lines(dir.resolve("tickets_train.jsonl"));
    List<JsonNode> valid = lines(dir.resolve("tickets_valid.jsonl"));
    assertEquals(10, train.size());
    assertEquals(2, valid.size());
    JsonNode all = null;
    for (JsonNode n : train) {
      if (n.at("/messages/1/content").asText().startsWith("Refund")) {
        all = n;
      }
    }
    for (JsonNode n : valid) {
      if (n.at("/messages/1/content").asText().startsWith("Refund")) {
        all = n;
      }
    }
    assertEquals("Refund; please\r\nit broke \"twice\"", all.at("/messages/1/content").asText());
    assertEquals("billing", all.at("/messages/2/content").asText());
    assertEquals("system", all.at("/messages/0/role").asText());
    assertEquals(
        "Classify the text. Answer with exactly one of these labels and nothing else: billing,"
            + " tech, very urgent.",
        all.at("/messages/0/content").asText());
    assertFalse(
        valid.stream().anyMatch(n -> n.at("/messages/2/content").asText().equals("very urgent")));

    // the same seed gives the same files
    byte[] before = Files.readAllBytes(dir.resolve("tickets_valid.jsonl"));
    assertEquals(
        0,
        run(
                "classification",
                "prepare",
                file.toString(),
                "--text-column",
                "text",
                "--label-column",
                "label",
                "--seed",
                "3")
            .code());
    assertEquals(
        new String(before, StandardCharsets.UTF_8),
        Files.readString(dir.resolve("tickets_valid.jsonl"), StandardCharsets.UTF_8));
  }

  @Test
  void tabDelimitedWithCustomSystemAndOutFolder() throws Exception {
    Path file = dir.resolve("d.tsv");
    Files.writeString(file, "label\ttext\nyes\t\"a, b\"\nno\tc\n", StandardCharsets.UTF_8);
    Path out = dir.resolve("out");
    CliRun r =
        run(
            "classification",
            "prepare",
            file.toString(),
            "--text-column",
            "text",
            "--label-column",
            "label",
            "--validation-split",
            "0",
            "--system",
            "",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    List<JsonNode> train = lines(out.resolve("d_train.jsonl"));
    assertEquals(2, train.size());
    assertEquals("a, b", train.get(0).at("/messages/0/content").asText());
    assertEquals("user", train.get(0).at("/messages/0/role").asText());
    assertFalse(Files.exists(out.resolve("d_valid.jsonl")));
  }

  /**
   * A bad CSV or option: the file's content, the text column asked for, more options, the exit code
   * and how the one line on stderr begins ({@code FILE} stands for the file's path).
   */
  static Stream<Arguments> badInputs() {
    String unclosed = "text,label\n\"never closed,a\n";
    return Stream.of(
        arguments(
            "text,label\n\"ok\",a\n\"two\nlines\",b\nonly-one-field\n",
            "text",
            List.of(),
            5,
            "openai-ft: FILE:5: row 3 has 1 field but the header has 2"
                + " (a quote not closed, or the delimiter ',' inside an unquoted field?)\n"),
        arguments(
            "text,label\n\"ok\",a\nfine,\n",
            "text",
            List.of(),
            5,
            "openai-ft: FILE:3: row 2, column 'label': the label is empty\n"),
        arguments(
            "text,label\n\"ok\",a\nfine,\n",
            "body",
            List.of(),
            5,
            "openai-ft: FILE:1: no column 'body' (--text-column) in the header; the columns are"
                + " 'text', 'label'\n"),
        arguments(unclosed, "text", List.of(), 5, "openai-ft: FILE:2: not valid CSV: "),
        arguments(
            unclosed,
            "text",
            List.of("--validation-split", "1"),
            2,
            "openai-ft: --validation-split must be at least 0 and below 1"));
  }

  @ParameterizedTest(name = "[{index}] exit {3}: {4}")
  @MethodSource("badInputs")
  void errorsNameLineRowAndColumn(
      String csv, String textColumn, List<String> more, int code, String says) throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    List<String> args =
        new ArrayList<>(
            List.of(
                "classification",
                "prepare",
                file.toString(),
                "--text-column",
                textColumn,
                "--label-column",
                "label"));
    args.addAll(more);
    CliRun r = run(args.toArray(String[]::new));
    assertEquals(code, r.code(), r.toString());
    assertTrue(r.err().startsWith(says.replace("FILE", file.toString())), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }
}
