package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    JsonNode fromState = loraRunSummary();
    assertEquals(fromState.path("metrics"), fromLog.path("metrics"));
    assertEquals(fromState.path("epochs"), fromLog.path("epochs"));
    assertTrue(Files.readString(reports.resolve("index.html")).contains("jsonl-run"));
    CliRun again = CliRun.withEnv(Map.of(), "report", folder.toString());
    assertEquals(0, again.code(), again.toString());
    assertEquals(
        fromLog.path("metrics"),
        JSON.readTree(folder.resolve("summary.json").toFile()).path("metrics"));
  }

  /**
   * LLaMA-Factory's own log (written as its LogCallback writes it: json.dumps of current_steps,
   * total_steps, loss or eval_loss, lr, epoch, percentage, elapsed_time and remaining_time as text,
   * throughput, total_tokens; here lora-run's history) is the same run as lora-run's state, without
   * the metrics LLaMA-Factory does not copy (grad_norm, eval_accuracy).
   */
  @Test
  void llamaFactorysLogIsReadWithItsStepsTotalAndProgressLeftOut() throws IOException {
    Path log = FIXTURES.resolve("llamafactory-run/trainer_log.jsonl");
    CliRun r =
        CliRun.withEnv(Map.of(), "report", log.toString(), "--out", tmp.resolve("lf").toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode fromLog = JSON.readTree(tmp.resolve("lf/summary.json").toFile());
    JsonNode fromState = loraRunSummary();
    // progress (percentage, elapsed/remaining time, throughput, total_tokens) is no metric
    assertEquals(
        List.of("full_valid_loss", "lr", "train_loss"),
        listOf(fromLog.path("metrics").fieldNames()));
    assertEquals(
        fromState.path("metrics").path("train_loss"), fromLog.path("metrics").path("train_loss"));
    assertEquals(
        fromState.path("metrics").path("full_valid_loss"),
        fromLog.path("metrics").path("full_valid_loss"));
    assertEquals(
        fromState.path("metrics").path("learning_rate"), fromLog.path("metrics").path("lr"));
    assertEquals(fromState.path("epochs"), fromLog.path("epochs"));
    // current_steps reached total_steps: finished, with no word about a summary it never writes
    assertEquals("succeeded", fromLog.path("status").asText());
    assertEquals(60, fromLog.path("total_steps").asLong());
    assertEquals(List.of(), listOf(fromLog.path("warnings").elements()));
    assertEquals("", r.err());

    // the same log while training: 38 of 60 steps
    Path partial = tmp.resolve("running/trainer_log.jsonl");
    Files.createDirectories(partial.getParent());
    Files.write(partial, Files.readAllLines(log).subList(0, 20));
    CliRun running =
        CliRun.withEnv(
            Map.of(), "report", partial.toString(), "--out", tmp.resolve("r").toString());
    assertEquals(0, running.code(), running.toString());
    JsonNode s = JSON.readTree(tmp.resolve("r/summary.json").toFile());
    assertEquals("running", s.path("status").asText());
    assertEquals(60, s.path("total_steps").asLong());
    assertEquals(38, s.path("steps").asLong());
    assertEquals(
        "trainer_log.jsonl: current_steps 38 of total_steps 60: the run had not finished when"
            + " this was written",
        s.path("warnings").get(0).asText());
  }

  private static <T> List<T> listOf(java.util.Iterator<T> it) {
    List<T> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  /** summary.json of lora-run's own state, reported into {@code tmp/state}. */
  private JsonNode loraRunSummary() throws IOException {
    CliRun state =
        CliRun.withEnv(
            Map.of(),
            "report",
            FIXTURES.resolve("lora-run/trainer_state.json").toString(),
            "--out",
            tmp.resolve("state").toString());
    assertEquals(0, state.code(), state.toString());
    return JSON.readTree(tmp.resolve("state/summary.json").toFile());
  }
}
