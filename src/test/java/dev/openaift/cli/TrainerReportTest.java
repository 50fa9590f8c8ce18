package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code openai-ft report RUN_DIR_OR_trainer_state.json} on fixtures written for every case of a
 * Hugging Face Trainer run ({@code src/test/resources/trainer/}); {@code summary.json} locked
 * against {@code trainer/golden/CASE.summary.json}. Regenerate after an intended change with {@code
 * mvn -o test -Dtest=TrainerReportTest -Dopenaift.updateGolden=true} and review the diff.
 */
class TrainerReportTest {
  private static final Path FIXTURES = Path.of("src/test/resources/trainer");
  private static final boolean UPDATE = Boolean.getBoolean("openaift.updateGolden");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private CliRun report(String... args) {
    return CliRun.of(args);
  }

  private JsonNode summaryOf(String fixture, String name) throws IOException {
    Path out = tmp.resolve(name);
    CliRun r = report("report", FIXTURES.resolve(fixture).toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.toString());
    String summary = Files.readString(out.resolve("summary.json"), StandardCharsets.UTF_8);
    Path golden = FIXTURES.resolve("golden/" + name + ".summary.json");
    if (UPDATE) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, summary, StandardCharsets.UTF_8);
    } else {
      assertEquals(Files.readString(golden, StandardCharsets.UTF_8), summary, golden + " differs");
    }
    return JSON.readTree(summary);
  }

  @ParameterizedTest
  @CsvSource({
    "lora-run,lora-run",
    "every-epoch,every-epoch",
    "no-eval.json,no-eval",
    "resumed.json,resumed",
    "messy.json,messy",
    "lora-run/checkpoint-40/trainer_state.json,checkpoint-40"
  })
  void summaryMatchesItsGoldenFile(String fixture, String name) throws IOException {
    JsonNode s = summaryOf(fixture, name);
    assertEquals("trainer", s.path("format").asText());
  }

  @Test
  void lossIsTrainingLossAndEvalLossIsTheFullValidationSaysWhereEachComesFrom() throws IOException {
    JsonNode s = summaryOf("lora-run", "lora-run");
    JsonNode sources = s.path("source_columns");
    assertTrue(
        sources
            .path("train_loss")
            .asText()
            .startsWith("loss: training loss averaged over each logging interval"),
        sources.toString());
    assertEquals(
        "eval_loss: full pass over the eval set", sources.path("full_valid_loss").asText());
    assertFalse(
        s.path("metrics").has("valid_loss"), "eval_loss is not the minibatch validation loss");
    assertEquals(3, s.path("metrics").path("full_valid_loss").path("points").asInt());
    assertEquals(0.8531, s.path("metrics").path("full_valid_loss").path("min").asDouble(), 1e-12);
    assertEquals(40, s.path("metrics").path("full_valid_loss").path("min_step").asLong());
    assertTrue(s.path("metrics").has("learning_rate") && s.path("metrics").has("grad_norm"));
    assertFalse(
        s.path("metrics").has("epoch"), "the epoch counter places epochs, it is not a metric");
    assertFalse(s.path("metrics").has("full_valid_runtime"), "timings are not metrics");
    assertEquals("epoch", s.path("epochs").path("source").asText());
    assertEquals("[20,40,60]", s.path("epochs").path("ends").toString());
    // the final summary's train_loss (mean over the run) is not the last point of the curve
    assertTrue(s.path("metrics").path("train_loss").path("last").asDouble() < 0.9);
  }

  @Test
  void theReportShowsSourcesHyperparametersCheckpointsAndTheBestOne() throws IOException {
    Path out = tmp.resolve("page");
    assertEquals(
        0,
        report("report", FIXTURES.resolve("lora-run").toString(), "--out", out.toString()).code());
    Document page = Jsoup.parse(out.resolve("index.html").toFile(), "UTF-8");
    String text = page.text();
    assertTrue(text.contains("Hugging Face Trainer"), "provider");
    assertTrue(
        text.contains(
            "trainer_state.json, adapter_config.json (not found: config.json,"
                + " trainer_config.json)"),
        "which hyperparameter files were found");
    assertTrue(
        text.contains("checkpoint-40 (best_metric 0.8531)"),
        "the Trainer's best, from a Windows path");
    assertTrue(
        text.contains("lora_r")
            && text.contains("16")
            && text.contains("Qwen/Qwen2.5-0.5B-Instruct"));
    assertTrue(text.contains("eval_loss: full pass over the eval set"));
    assertTrue(
        text.contains("checkpoint-20") && text.contains("checkpoint-60"),
        "checkpoints from the folders");
    assertTrue(
        page.select("img").size() >= 2, "loss figure and the learning-rate/grad-norm figure");
  }

  @Test
  void messyFilesAreReadWithOneWarningPerKindOfMess() throws IOException {
    JsonNode s = summaryOf("messy.json", "messy");
    String warnings = s.path("warnings").toString();
    assertTrue(warnings.contains("NaN or Infinity"), warnings);
    assertTrue(warnings.contains("without a step"), warnings);
    assertTrue(warnings.contains("not objects"), warnings);
    assertTrue(warnings.contains("text values") && warnings.contains("learning_rate"), warnings);
    JsonNode r = summaryOf("resumed.json", "resumed");
    assertTrue(
        r.path("warnings").toString().contains("resumed from a checkpoint"),
        r.path("warnings").toString());
    JsonNode n = summaryOf("no-eval.json", "no-eval");
    assertTrue(n.path("warnings").toString().contains("no final summary entry"));
    assertEquals("running", n.path("status").asText());
    assertFalse(n.path("metrics").has("full_valid_loss"));
  }

  @Test
  void theRunsWarningsReachStderrAsAResultFilesDo() {
    Path out = tmp.resolve("stderr");
    CliRun r = report("report", FIXTURES.resolve("messy.json").toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.err().contains("messy.json: warning: 1 log_history entries without a step were left out"),
        r.err());
    assertEquals(4, r.err().strip().lines().count(), r.err());
  }

  @ParameterizedTest
  @CsvSource({
    "lfs-pointer.json,is a Git LFS pointer",
    "empty-history.json,log_history is empty",
    "broken.json,not JSON",
    "not-trainer.json,no log_history"
  })
  void whatCannotBeReadIsOneLineAndExit5(String fixture, String expected) {
    Path out = tmp.resolve("x");
    CliRun r = report("report", FIXTURES.resolve(fixture).toString(), "--out", out.toString());
    assertEquals(5, r.code(), r.toString());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(fixture) && r.err().contains(expected), r.err());
    assertFalse(Files.exists(out.resolve("index.html")), "nothing written");
  }

  @Test
  void aRunJoinsTheArchiveAndItsIndexAndCanBeReportedAgainFromThere() throws IOException {
    Path reports = tmp.resolve("reports");
    CliRun r =
        report(
            "report", FIXTURES.resolve("lora-run").toString(), "--reports-dir", reports.toString());
    assertEquals(0, r.code(), r.toString());
    Path folder = reports.resolve("lora-run");
    assertTrue(Files.isRegularFile(folder.resolve("summary.json")));
    assertEquals(
        "huggingface-trainer",
        JSON.readTree(folder.resolve("source.json").toFile()).path("provider").asText());
    String index = Files.readString(reports.resolve("index.html"));
    assertTrue(
        index.contains("lora-run") && index.contains(">trainer<"), "index row with its source");
    CliRun again = report("report", folder.toString());
    assertEquals(0, again.code(), again.toString());
  }

  @Test
  void findingsCoverOverfittingAndTheEpochToStopAtLikeAnyJob() throws IOException {
    Path out = tmp.resolve("overfit");
    assertEquals(
        0,
        report("report", FIXTURES.resolve("lora-run").toString(), "--out", out.toString()).code());
    JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
    JsonNode overfit = null;
    for (JsonNode f : s.path("findings")) {
      if (f.path("code").asText().equals("overfitting")) {
        overfit = f;
      }
    }
    assertTrue(overfit != null, s.path("findings").toString());
    assertTrue(overfit.path("text").asText().contains("step 40 (epoch 2)"), overfit.toString());
  }

  /**
   * The lora-run as a real Trainer writes it: best_metric with all its digits, checkpoint folders
   * without a time, a learning-rate schedule.
   */
  @Test
  void aTrainerPageShowsTheScheduleAsLoggedNoFakeCheckpointTimesAndTheBestMetricRounded()
      throws IOException {
    Path run = tmp.resolve("run");
    try (var files = Files.walk(FIXTURES.resolve("lora-run"))) {
      for (Path f : files.toList()) {
        Path to = run.resolve(FIXTURES.resolve("lora-run").relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Path state = run.resolve("trainer_state.json");
    Files.writeString(
        state,
        Files.readString(state)
            .replace("\"best_metric\": 0.8531,", "\"best_metric\": 0.8530871868133545,"));
    Path out = tmp.resolve("page");
    assertEquals(0, report("report", run.toString(), "--out", out.toString()).code());
    Document page = Jsoup.parse(out.resolve("index.html").toFile(), "UTF-8");

    assertEquals(
        "checkpoint-40 (best_metric 0.8531)",
        page.select("dl.facts dt:containsOwn(Trainer) + dd").first().text());

    var rows = page.select("#cell-checkpoints table tbody tr");
    assertEquals(3, rows.size());
    int created = page.select("#cell-checkpoints table thead th").eachText().indexOf("created");
    for (var row : rows) {
      assertEquals("—", row.select("td").get(created).text(), row.text());
    }
    assertFalse(page.text().contains("1970"), "no checkpoint dated at the Unix epoch");

    // the learning rate is a schedule: drawn as logged, no EMA line, no smoothed value
    JsonNode data = JSON.readTree(page.getElementById("figure-data").data());
    JsonNode lr = null;
    for (JsonNode f : data.path("figures")) {
      if (f.path("title").asText().equals("learning_rate")) {
        lr = f;
      }
    }
    assertTrue(lr != null, data.toString());
    assertEquals(1, lr.path("traces").size(), lr.path("traces").toString());
    assertEquals("LINE", lr.path("traces").get(0).path("style").asText());
    assertEquals("learning rate", lr.path("traces").get(0).path("label").asText());
    assertTrue(
        page.select("#cell-" + lr.path("id").asText() + " .in-text")
            .text()
            .contains("learning_rate → as logged (a schedule: not smoothed)"),
        page.select("#cell-" + lr.path("id").asText() + " .in-text").text());
    var lrRow = page.select("table.metrics tr:has(code:containsOwn(learning_rate))").first();
    assertEquals("—", lrRow.select("td").last().text(), lrRow.text());
    // grad_norm is measured: it keeps its EMA
    assertTrue(data.toString().contains("grad norm, EMA 0.6"));
    // and the notebook draws it the same way
    String notebook = Files.readString(out.resolve("report.ipynb"));
    assertTrue(notebook.contains("line(ax, \\\"learning_rate\\\""), "the notebook's schedule line");
    assertFalse(notebook.contains("smooth_line(ax, \\\"learning_rate\\\""));
  }
}
