package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.TestClocks;
import dev.openaift.follow.FakeTime;
import dev.openaift.job.JobFiles;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportOnlineTest {
  @TempDir Path tmp;

  @Test
  void archivesJobsByIdThenAllSkippingFinishedOnesAndBuildsTheIndex() throws Exception {
    Path reports = tmp.resolve("reports");
    FakeTime sandboxTime =
        new FakeTime(Instant.parse(TestClocks.TODAY + "T12:00:00Z").getEpochSecond());
    SandboxConfig config =
        SandboxConfig.defaults()
            .withStepDelayMs(5)
            .withSeed(2)
            .withBase64Results(true)
            .withClock(sandboxTime);
    try (LiveSandbox sb = LiveSandbox.manual(config, 0)) {
      String a = sb.createJob(10, Map.of());
      sandboxTime.advance(Duration.ofSeconds(1)); // created_at has whole seconds: b is newer
      String b = sb.createJob(12, Map.of("n_epochs", 4));
      sb.sandbox.advanceUntil(a, "succeeded");
      sb.sandbox.advanceUntil(b, "succeeded");

      CliRun one = sb.run("report", a, "--reports-dir", reports.toString());
      assertEquals(0, one.code(), one.err());
      Path folder = reports.resolve(a);
      for (String f :
          List.of(
              "job.json",
              "events.jsonl",
              "checkpoints.json",
              "results.csv",
              "index.html",
              "report.ipynb",
              "summary.json",
              "metrics.csv")) {
        assertTrue(Files.isRegularFile(folder.resolve(f)), f);
      }
      assertTrue(
          Files.readString(folder.resolve("results.csv")).startsWith("step,train_loss,"),
          "base64 decoded");
      assertEquals("succeeded", JobFiles.readJob(folder.resolve("job.json")).status());
      assertTrue(one.out().contains("report: "), one.out());

      // The report can be rebuilt offline from the folder alone.
      CliRun offline = CliRun.run(sb.context().withEnv(Map.of()), "report", folder.toString());
      assertEquals(0, offline.code(), offline.err());

      CliRun all = sb.run("report", "--all", "--reports-dir", reports.toString());
      assertEquals(0, all.code(), all.err());
      assertTrue(all.out().contains("skipped " + a + " (succeeded, already archived)"), all.out());
      assertTrue(all.out().contains(b), all.out());
      assertFalse(all.out().contains("skipped " + b), all.out());

      long before = sb.sandbox.faultStats().requests();
      CliRun again = sb.run("report", "--all", "--reports-dir", reports.toString());
      assertEquals(0, again.code(), again.err());
      assertEquals(
          1, sb.sandbox.faultStats().requests() - before, "a second run only lists the jobs");
      assertTrue(
          again.out().contains("skipped " + a) && again.out().contains("skipped " + b),
          again.out());

      CliRun forced = sb.run("report", "--all", "--force", "--reports-dir", reports.toString());
      assertEquals(0, forced.code(), forced.err());
      assertFalse(forced.out().contains("skipped"), forced.out());

      Document index = Jsoup.parse(reports.resolve("index.html").toFile(), "UTF-8");
      List<Element> rows = index.select("tr.job");
      assertEquals(2, rows.size());
      // newest first: b was created after a
      assertEquals(b, rows.get(0).id());
      assertEquals(a, rows.get(1).id());
      for (Element row : rows) {
        String href = row.selectFirst("a").attr("href");
        assertEquals(row.id() + "/index.html", href);
        assertTrue(Files.isRegularFile(reports.resolve(href)), href);
        assertEquals("succeeded", row.selectFirst(".badge").text());
        assertEquals("gpt-4o-mini-2024-07-18", row.select("td").get(2).text());
        assertTrue(row.select("td").get(3).text().startsWith("ft:gpt-4o-mini-2024-07-18:"));
        assertTrue(row.select("td").get(5).text().matches("\\d+"));
        assertTrue(row.select("td").get(6).text().matches("\\d+\\.\\d{4}"));
        String points = row.selectFirst("polyline").attr("points");
        int n = points.split(" ").length;
        assertTrue(n >= 2 && n <= 60, "sparkline points: " + n);
      }
      for (Element e : index.getAllElements()) {
        for (var attr : e.attributes()) {
          assertFalse(attr.getValue().matches("(?i)\\s*(https?:)?//.*"), "external URL: " + attr);
        }
      }
      assertTrue(index.select("script[src], link, img, iframe").isEmpty());
      assertEquals(1, index.select("script").size(), "only the fixed sort-and-filter script");

      assertKeyNowhere(reports);
    }
  }

  /** The key never lands in a file. */
  static void assertKeyNowhere(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(LiveSandbox.KEY), "key in " + f);
        assertFalse(text.contains("SECRET-4242"), "key in " + f);
      }
    }
  }

  @Test
  void followWithReportKeepsTheKeyOutOfEveryFile() throws Exception {
    Path reports = tmp.resolve("reports");
    try (LiveSandbox sb = LiveSandbox.manual(SandboxConfig.defaults().withStepDelayMs(5), 20)) {
      String id = sb.createJob(10, Map.of());
      CliRun r =
          sb.run(
              "follow",
              id,
              "--report",
              "--reports-dir",
              reports.toString(),
              "--poll",
              "0.05",
              "--api-key",
              LiveSandbox.KEY);
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("report: "), r.out());
      assertTrue(r.out().contains("archive: "), r.out());
      assertFalse(r.out().contains(LiveSandbox.KEY) || r.err().contains(LiveSandbox.KEY));
      assertKeyNowhere(reports);
    }
  }

  @Test
  void oneUnknownJobDoesNotStopTheOthers() throws Exception {
    Path reports = tmp.resolve("reports");
    try (LiveSandbox sb = LiveSandbox.manual(SandboxConfig.defaults().withStepDelayMs(5), 0)) {
      String id = sb.createJob(10, Map.of());
      sb.sandbox.advanceUntil(id, "succeeded");
      CliRun r = sb.run("report", "ftjob-missing", id, "--reports-dir", reports.toString());
      assertEquals(4, r.code(), r.err());
      assertTrue(r.err().contains("ftjob-missing"), r.err());
      assertTrue(Files.isRegularFile(reports.resolve(id).resolve("index.html")));
      assertTrue(Files.isRegularFile(reports.resolve("index.html")));
      assertFalse(Files.exists(reports.resolve("ftjob-missing")));
    }
  }

  @Test
  void reportArgumentsAreChecked() {
    try (LiveSandbox sb = new LiveSandbox(SandboxConfig.defaults())) {
      assertEquals(2, sb.run("report", "--all", "ftjob-a").code());
      assertEquals(2, sb.run("report", "ftjob-a", "--force").code());
      assertEquals(2, sb.run("report", "ftjob-a", "--out", tmp.toString()).code());
      assertEquals(0, sb.sandbox.faultStats().requests());
    }
  }

  @Test
  void aLocalFileIsNeverTakenForAJobId() throws Exception {
    Path results = Files.writeString(tmp.resolve("results.csv"), "step,train_loss\n1,0.5\n");
    Path state = tmp.resolve("run").resolve("trainer_state.json");
    Files.createDirectories(state.getParent());
    Files.writeString(state, "{\"log_history\": [{\"step\": 1, \"loss\": 0.5}]}");
    try (LiveSandbox sb = new LiveSandbox(SandboxConfig.defaults())) {
      for (String missing :
          List.of(tmp.resolve("gone.json").toString(), "gone.jsonl", "runs/x", "gone.CSV")) {
        CliRun r = sb.run("report", missing);
        assertEquals(5, r.code(), missing + ": " + r.err());
        assertTrue(r.err().contains("no such file or directory"), r.err());
        assertTrue(r.err().contains(Path.of(missing).getFileName().toString()), r.err());
        assertFalse(r.err().contains("job id"), r.err());
      }
      CliRun file = sb.run("report", results.toString());
      assertEquals(2, file.code(), file.err());
      assertTrue(file.err().contains("give a result file with --results"), file.err());
      CliRun two = sb.run("report", state.toString(), state.toString());
      assertEquals(2, two.code(), two.err());
      assertTrue(two.err().contains("one Trainer run at a time"), two.err());
      assertEquals(0, sb.sandbox.faultStats().requests());
    }
  }
}
