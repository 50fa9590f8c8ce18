package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.io.ShownPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void demoRunsEndToEndWithoutAKey() throws Exception {
    Path reports = tmp.resolve("reports");
    // A key in the environment is ignored: the demo talks to its own sandbox only.
    CliContext ctx =
        CliRun.context(
            Map.of("OPENAI_API_KEY", "sk-not-used", "OPENAI_BASE_URL", "http://127.0.0.1:9/v1"));
    CliRun r = CliRun.run(ctx, "demo", "--reports-dir", reports.toString(), "--step-delay-ms", "5");
    assertEquals(0, r.code(), r.out() + r.err());
    Matcher m = Pattern.compile("Created fine-tuning job (ftjob-\\S+?);").matcher(r.out());
    assertTrue(m.find(), r.out());
    String id = m.group(1);
    assertTrue(r.out().contains("Job complete! Status: succeeded"), r.out());
    assertTrue(r.out().contains("Fine-tuned model: ft:sandbox-evergreen:sandbox:demo:"), r.out());
    assertTrue(
        r.out().contains("report: " + ShownPath.of(reports.resolve(id).resolve("index.html"))),
        r.out());
    assertTrue(
        r.out().contains("archive: " + ShownPath.of(reports.resolve("index.html"))), r.out());
    assertTrue(r.out().contains("\nsummary: "), r.out());
    assertTrue(r.out().contains("Step 120/120"), "the demo job has 120 steps");
    Document index = Jsoup.parse(reports.resolve("index.html").toFile(), "UTF-8");
    assertEquals(1, index.select("tr.job").size());
    assertEquals(id, index.selectFirst("tr.job").id());
    assertTrue(Files.isRegularFile(reports.resolve(id).resolve("report.ipynb")));
    assertEquals("", r.err());

    // A second demo is a new job (its own folder and row) that trains the same curve.
    CliRun again =
        CliRun.run(ctx, "demo", "--reports-dir", reports.toString(), "--step-delay-ms", "5");
    assertEquals(0, again.code(), again.err());
    Document both = Jsoup.parse(reports.resolve("index.html").toFile(), "UTF-8");
    assertEquals(2, both.select("tr.job").size());
    assertEquals(
        both.select("tr.job").get(0).select("td").get(6).text(),
        both.select("tr.job").get(1).select("td").get(6).text(),
        "same final train loss");
  }
}
