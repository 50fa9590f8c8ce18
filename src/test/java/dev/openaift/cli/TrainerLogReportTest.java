package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openai-ft report trainer_log.jsonl}: a line-per-entry log (here lora-run's log_history,
 * one entry per line) is reported as its Trainer state is, joins the archive, and is reported again
 * from there.
 */
class TrainerLogReportTest {
  private static final Path FIXTURES = Path.of("src/test/resources/trainer");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void aJsonLinesLogIsReportedLikeItsStateAndAgainFromTheArchive() throws IOException {
    Path reports = tmp.resolve("reports");
    CliRun r =
        CliRun.withEnv(
            Map.of(),
            "report",
            FIXTURES.resolve("jsonl-run/trainer_log.jsonl").toString(),
            "--reports-dir",
            reports.toString());
    assertEquals(0, r.code(), r.toString());
    Path folder = reports.resolve("jsonl-run");
    JsonNode fromLog = JSON.readTree(folder.resolve("summary.json").toFile());
    CliRun state =
        CliRun.withEnv(
            Map.of(),
            "report",
            FIXTURES.resolve("lora-run/trainer_state.json").toString(),
            "--out",
            tmp.resolve("state").toString());
    assertEquals(0, state.code(), state.toString());
    JsonNode fromState = JSON.readTree(tmp.resolve("state/summary.json").toFile());
    assertEquals(fromState.path("metrics"), fromLog.path("metrics"));
    assertEquals(fromState.path("epochs"), fromLog.path("epochs"));
    assertTrue(Files.readString(reports.resolve("index.html")).contains("jsonl-run"));
    CliRun again = CliRun.withEnv(Map.of(), "report", folder.toString());
    assertEquals(0, again.code(), again.toString());
    assertEquals(
        fromLog.path("metrics"),
        JSON.readTree(folder.resolve("summary.json").toFile()).path("metrics"));
  }
}
