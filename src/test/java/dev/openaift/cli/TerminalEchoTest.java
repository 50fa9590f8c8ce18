package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from files that reaches the terminal, through every path the November fixes missed: control
 * characters are shown as visible escapes whichever command prints them, on stdout and stderr.
 */
class TerminalEchoTest {
  private static final String ESC = "\u001b";

  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  /** No raw escape anywhere, and the one in the file shown as {@code \x1b}. */
  private static void assertVisible(CliRun r) {
    String all = r.out() + r.err();
    assertFalse(all.contains(ESC), all);
    assertTrue(all.contains("\\x1b"), all);
  }

  @Test
  void theClassificationLabelWarning() throws IOException {
    Path csv = write("c.csv", "text,label\nhello,bill" + ESC + "[31ming\nworld,tech\n");
    CliRun r =
        run(
            "classification",
            "prepare",
            csv.toString(),
            "--text-column",
            "text",
            "--label-column",
            "label");
    assertTrue(r.out().contains("warning: label 'bill\\x1b[31ming'"), r.out());
    assertVisible(r);
  }

  @Test
  void theClassificationColumnList() throws IOException {
    Path csv = write("c.csv", "text,lab" + ESC + "[7m\u0007el\nhello,billing\n");
    CliRun r =
        run(
            "classification",
            "prepare",
            csv.toString(),
            "--text-column",
            "text",
            "--label-column",
            "label");
    assertEquals(5, r.code(), r.err());
    assertTrue(r.err().contains("the columns are 'text', 'lab\\x1b[7m\\ael'"), r.err());
    assertVisible(r);
  }

  @Test
  void aNonNumericResultCell() throws IOException {
    write("r/results.csv", "step,train_loss\n1,1.5" + ESC + "[2J\n");
    CliRun r = run("report", dir.resolve("r").toString(), "--format", "json");
    assertEquals(5, r.code(), r.err());
    assertTrue(r.err().contains("non-numeric value \"1.5\\x1b[2J\""), r.err());
    assertVisible(r);
  }

  @Test
  void aDuplicateColumnName() throws IOException {
    write("r/results.csv", "step,loss" + ESC + "[1m,loss" + ESC + "[1m\n1,1,2\n");
    CliRun r = run("report", dir.resolve("r").toString(), "--format", "json");
    assertEquals(5, r.code(), r.err());
    assertTrue(r.err().contains("duplicate column \"loss\\x1b[1m\""), r.err());
    assertVisible(r);
  }

  @Test
  void aJsonErrorInEvalData() throws IOException {
    Path data = write("bad.jsonl", "{\"messages\": bad" + ESC + "[31m}\n");
    CliRun r = run("eval", "--data", data.toString(), "--model", "gpt-4o-mini");
    assertEquals(5, r.code(), r.err());
    assertVisible(r);
  }

  @Test
  void aJsonErrorInTrainerState() throws IOException {
    Path state = write("t/trainer_state.json", "{\"log_history\": [bad" + ESC + "[31m]}");
    CliRun r = run("report", state.toString(), "--format", "json");
    assertEquals(5, r.code(), r.err());
    assertVisible(r);
  }

  @Test
  void aLongErrorMessageKeepsItsBeginningAndItsEnd() throws IOException {
    Path csv = write("c.csv", "text,label\nhello,billing\n");
    String column = "x".repeat(5000) + "-the-end";
    CliRun r =
        run(
            "classification",
            "prepare",
            csv.toString(),
            "--text-column",
            column,
            "--label-column",
            "label");
    assertEquals(5, r.code(), r.err());
    String line = r.err().lines().findFirst().orElseThrow();
    assertTrue(line.length() < 1100, line);
    assertTrue(line.startsWith("openai-ft: " + csv + ":1: no column"), line);
    assertTrue(line.endsWith("the columns are 'text', 'label'"), line);
    assertTrue(line.contains("characters left out"), line);
  }

  @Test
  void aHugeLabelIsCutInTheTableAndTheWarnings() throws IOException {
    String label = "L".repeat(5_000_000);
    Path csv = write("big.csv", "text,label\nhello," + label + "\nworld,tech\n");
    CliRun r =
        run(
            "classification",
            "prepare",
            csv.toString(),
            "--text-column",
            "text",
            "--label-column",
            "label");
    assertEquals(0, r.code(), r.err());
    int longest = (r.out() + r.err()).lines().mapToInt(String::length).max().orElse(0);
    assertTrue(longest < 500, "longest line: " + longest);
    assertTrue(r.out().contains("(5000000 characters)"), "the warning says how long it was");
  }
}
