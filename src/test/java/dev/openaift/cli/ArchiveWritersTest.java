package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.job.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that writes into one archive leaves the same index (the shutdown date and days left
 * of each job's fine-tuned model) and reports with the same {@code model_shutdown} finding: the
 * dates come from one place, with the pinned clock ({@link LifecycleSandbox#CLOCK}).
 */
class ArchiveWritersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CREATED = Pattern.compile("Created fine-tuning job (ftjob-\\S+) ");

  static LifecycleSandbox sb;
  static String done;

  @BeforeAll
  static void start() {
    sb = new LifecycleSandbox();
    done = sb.startJob(10, Map.of("n_epochs", 1));
    sb.await(done, Job::isTerminal);
  }

  @AfterAll
  static void stop() {
    sb.close();
  }

  @Test
  void everyWriterLeavesTheSameShutdownColumnsAndFinding(@TempDir Path tmp) throws IOException {
    Path reports = tmp.resolve("reports");
    String dir = reports.toString();
    Path train = LifecycleSandbox.write(tmp.resolve("train.jsonl"), LifecycleSandbox.examples(10));
    CliRun created =
        sb.run(
            "jobs",
            "create",
            "--model",
            LifecycleSandbox.MODEL,
            "--training-file",
            train.toString(),
            "--epochs",
            "1",
            "--report",
            "--poll",
            "0.02",
            "--reports-dir",
            dir);
    assertEquals(0, created.code(), created.toString());
    Matcher m = CREATED.matcher(created.out() + created.err());
    assertTrue(m.find(), created.toString());
    String job = m.group(1);
    Map<String, List<String>> expected = columns(reports);
    assertShutdownColumns(expected, job, "jobs create --report");
    assertFinding(reports.resolve(job), "jobs create --report");

    CliRun backup = sb.run("backup", "--jobs", done, "--reports-dir", dir);
    assertEquals(0, backup.code(), backup.toString());
    assertFinding(reports.resolve(done), "backup");
    expected = columns(reports);
    assertShutdownColumns(expected, done, "backup");
    assertShutdownColumns(expected, job, "backup");

    CliRun folder = sb.run("report", reports.resolve(done).toString());
    assertEquals(0, folder.code(), folder.toString());
    assertTrue(folder.out().contains("index: "), "report DIR rebuilds its archive's index");
    assertFinding(reports.resolve(done), "report DIR");
    assertEquals(expected, columns(reports), "after report DIR");

    CliRun trainer =
        sb.run(
            "report",
            Path.of("src/test/resources/trainer/lora-run/trainer_state.json").toString(),
            "--reports-dir",
            dir);
    assertEquals(0, trainer.code(), trainer.toString());
    Map<String, List<String>> afterTrainer = columns(reports);
    afterTrainer.keySet().retainAll(expected.keySet());
    assertEquals(expected, afterTrainer, "after report trainer_state.json");

    Path loose = Files.copy(reports.resolve(done).resolve("results.csv"), tmp.resolve("my.csv"));
    CliRun results = sb.run("report", "--results", loose.toString(), "--reports-dir", dir);
    assertEquals(0, results.code(), results.toString());
    Map<String, List<String>> afterLoose = columns(reports);
    afterLoose.keySet().retainAll(expected.keySet());
    assertEquals(expected, afterLoose, "after report --results");

    CliRun online = sb.run("report", done, "--reports-dir", dir);
    assertEquals(0, online.code(), online.toString());
    assertEquals(expected, columnsOf(reports, expected), "after report JOB_ID");

    CliRun follow = sb.run("follow", job, "--report", "--reports-dir", dir);
    assertEquals(0, follow.code(), follow.toString());
    assertFinding(reports.resolve(job), "follow --report");
    assertEquals(expected, columnsOf(reports, expected), "after follow --report");
  }

  private static Map<String, List<String>> columnsOf(Path reports, Map<String, List<String>> like)
      throws IOException {
    Map<String, List<String>> now = columns(reports);
    now.keySet().retainAll(like.keySet());
    return now;
  }

  private static void assertShutdownColumns(
      Map<String, List<String>> columns, String job, String after) {
    List<String> row = columns.get(job);
    assertTrue(row != null, after + ": no index row for " + job + " in " + columns);
    assertTrue(row.get(0).matches("\\d{4}-\\d{2}-\\d{2}"), after + ": shutdown date " + row);
    assertTrue(row.get(1).matches("-?\\d+.*"), after + ": days left " + row);
  }

  private static void assertFinding(Path folder, String after) throws IOException {
    JsonNode summary = JSON.readTree(folder.resolve("summary.json").toFile());
    List<String> codes = new ArrayList<>();
    summary.path("findings").forEach(f -> codes.add(f.path("code").asText()));
    assertTrue(codes.contains("model_shutdown"), after + ": findings " + codes);
  }

  /** Job folder -> [model shuts down, days left] of each row of the archive index. */
  static Map<String, List<String>> columns(Path reports) throws IOException {
    Document page = Jsoup.parse(reports.resolve("index.html").toFile());
    List<String> heads = new ArrayList<>();
    Element table = page.selectFirst("th:containsOwn(model shuts down)").closest("table");
    table.select("thead th").forEach(th -> heads.add(th.text()));
    int date = heads.indexOf("model shuts down");
    int days = heads.indexOf("days left");
    assertFalse(date < 0 || days < 0, "index columns: " + heads);
    Map<String, List<String>> out = new TreeMap<>();
    for (Element tr : table.select("tbody tr")) {
      if (tr.children().size() == heads.size()) {
        out.put(tr.child(0).text(), List.of(tr.child(date).text().strip(), tr.child(days).text()));
      }
    }
    return out;
  }
}
