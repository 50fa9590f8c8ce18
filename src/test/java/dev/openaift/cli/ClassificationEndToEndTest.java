package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.job.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classification workflow on the sandbox: a labelled CSV through {@code classification
 * prepare}, {@code jobs create --classification --follow}, and the evaluation attached to the job's
 * report.
 */
class ClassificationEndToEndTest {
  private static final Pattern JOB_ID =
      Pattern.compile("Created fine-tuning job (ftjob-[A-Za-z0-9]+)");

  @TempDir Path tmp;

  @Test
  void prepareTrainEvaluate() throws Exception {
    StringBuilder csv = new StringBuilder("text,label\n");
    String[] labels = {"billing", "tech", "sales"};
    for (int i = 0; i < 60; i++) {
      csv.append("\"Ticket ")
          .append(i)
          .append(": about ")
          .append(labels[i % 3])
          .append(", item ")
          .append(i * 7)
          .append("\",")
          .append(labels[i % 3])
          .append('\n');
    }
    Path data = tmp.resolve("tickets.csv");
    Files.writeString(data, csv, StandardCharsets.UTF_8);
    try (LifecycleSandbox sb = new LifecycleSandbox()) {
      CliRun prep =
          sb.run(
              "classification",
              "prepare",
              data.toString(),
              "--text-column",
              "text",
              "--label-column",
              "label");
      assertEquals(0, prep.code(), prep.toString());
      Path reports = tmp.resolve("reports");
      CliRun r =
          sb.run(
              "jobs",
              "create",
              "--classification",
              "--model",
              LifecycleSandbox.MODEL,
              "--training-file",
              tmp.resolve("tickets_train.jsonl").toString(),
              "--validation-file",
              tmp.resolve("tickets_valid.jsonl").toString(),
              "--follow",
              "--poll",
              "0.02",
              "--reports-dir",
              reports.toString(),
              "--yes");
      assertEquals(0, r.code(), r.toString());
      Matcher m = JOB_ID.matcher(r.out());
      assertTrue(m.find(), r.out());
      String jobId = m.group(1);
      Job job = sb.gateway.getJob(jobId);
      assertEquals("3", job.hyperparameters().get("n_epochs"), job.toString());
      assertEquals(42L, job.seed());
      assertTrue(r.out().contains("Evaluating " + job.fineTunedModel() + " on "), r.out());

      Path evals = reports.resolve(jobId).resolve("evals");
      Path evalDir = Files.list(evals).findFirst().orElseThrow();
      JsonNode e = new ObjectMapper().readTree(evalDir.resolve("eval.json").toFile());
      assertEquals(12, e.get("examples").asInt()); // 20% of each label's 20 rows
      JsonNode c = e.at("/models/" + job.fineTunedModel().replace("/", "~1") + "/classification");
      assertEquals(
          java.util.List.of("billing", "sales", "tech"),
          java.util.List.of(
              c.at("/labels/0").asText(), c.at("/labels/1").asText(), c.at("/labels/2").asText()));
      assertEquals(12, c.get("examples").asInt());
      Document page = Jsoup.parse(reports.resolve(jobId).resolve("index.html").toFile());
      assertFalse(
          page.select("section.evaluation img").isEmpty(),
          "the confusion matrix figure is in the job's report");
      assertTrue(
          Jsoup.parse(reports.resolve("index.html").toFile()).selectFirst("a.evaluation") != null);
    }
  }
}
