package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} from files on disk: what it says on stderr, where it writes, what it leaves on
 * failure.
 */
class ReportLocalTest {

  private static final String CSV =
      "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"
          + "1,1.5,0.5,,\n3,1.3,0.6,inf,\n2,1.4,0.55,1.45,0.5\n";

  private static CliRun report(String... args) {
    return CliRun.of(args);
  }

  @Test
  void inputWarningsArePrintedOnStderrAndTheRunStillSucceeds(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("results.csv"), CSV);
    CliRun r = report("report", dir.toString(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    assertEquals(
        List.of(
            "results.csv:4: warning: rows are not in step order; sorted by step",
            "results.csv: warning: 1 non-finite cell (nan, inf, or too large such as 1e400) read as"
                + " missing"),
        r.err().lines().toList());
  }

  @Test
  void anEventsFileWhoseLastLineWasCutIsReadWithAWarning(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("events.jsonl"),
        "{\"id\":\"ev1\",\"created_at\":1700000000,\"level\":\"info\",\"message\":\"Step 1/2:"
            + " training"
            + " loss=1.5\",\"type\":\"metrics\",\"data\":{\"step\":1,\"train_loss\":1.5,\"total_steps\":2}}\n"
            + "{\"id\":\"ev2\",\"created_at\":1700000001,\"level\":\"info\",\"message\":\"Step 2/2:"
            + " trai");
    CliRun r = report("report", dir.toString(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    assertEquals(
        List.of(
            "events.jsonl:2: warning: last line is cut off (a run killed while writing it?);"
                + " ignored"),
        r.err().lines().toList());
    String summary = Files.readString(dir.resolve("summary.json"));
    assertTrue(summary.contains("events.jsonl:2: last line is cut off"), summary);
  }

  @Test
  void looseResultsWithoutAJobAreNamedByTheFileNotItsFolder(@TempDir Path dir) throws IOException {
    Path downloads = Files.createDirectories(dir.resolve("Downloads"));
    Files.writeString(downloads.resolve("step_metrics.csv"), "step,train_loss\n1,1.5\n2,1.4\n");
    Path reports = dir.resolve("reports");
    CliRun r =
        report(
            "report",
            "--results",
            downloads.resolve("step_metrics.csv").toString(),
            "--reports-dir",
            reports.toString(),
            "--format",
            "json");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isRegularFile(reports.resolve("step_metrics/summary.json")), r.out());
    assertFalse(Files.exists(reports.resolve("Downloads")));
    assertTrue(
        Files.readString(reports.resolve("step_metrics/summary.json"))
            .contains("\"job_id\" : \"step_metrics\""));
  }

  @Test
  void whenOneFileOfTheReportCannotBeWrittenTheOldReportStaysWhole(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("results.csv"), "step,train_loss\n1,1.5\n2,1.4\n");
    Files.writeString(dir.resolve("summary.json"), "old summary");
    Files.writeString(dir.resolve("metrics.csv"), "old metrics");
    Files.writeString(dir.resolve("report.ipynb"), "old notebook");
    Files.createDirectories(dir.resolve("index.html").resolve("in-the-way"));
    CliRun r = report("report", dir.toString());
    assertEquals(5, r.code(), r.err());
    assertTrue(r.err().startsWith("openai-ft: ") && r.err().contains("index.html"), r.err());
    assertEquals("old summary", Files.readString(dir.resolve("summary.json")));
    assertEquals("old metrics", Files.readString(dir.resolve("metrics.csv")));
    assertEquals("old notebook", Files.readString(dir.resolve("report.ipynb")));
    assertEquals("step,train_loss\n1,1.5\n2,1.4\n", Files.readString(dir.resolve("results.csv")));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(
          List.of("index.html", "metrics.csv", "report.ipynb", "results.csv", "summary.json"),
          left.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary folder left behind");
    }
  }

  @Test
  void aSuccessfulRunReplacesTheWholeSetAndKeepsTheInputs(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("results.csv"), "step,train_loss\n1,1.5\n2,1.4\n");
    Files.writeString(dir.resolve("summary.json"), "old summary");
    Files.writeString(dir.resolve("index.html"), "old page");
    CliRun r = report("report", dir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(dir.resolve("summary.json")).startsWith("{"));
    assertTrue(Files.readString(dir.resolve("index.html")).contains("<html"));
    assertEquals("step,train_loss\n1,1.5\n2,1.4\n", Files.readString(dir.resolve("results.csv")));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(
          List.of("index.html", "metrics.csv", "report.ipynb", "results.csv", "summary.json"),
          left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
