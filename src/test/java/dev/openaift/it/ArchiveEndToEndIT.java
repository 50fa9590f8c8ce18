package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.Await;
import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar: the demo end to end, its archive index in Chromium, and Ctrl-C (SIGTERM) while
 * following.
 */
class ArchiveEndToEndIT {
  @TempDir Path tmp;

  @Test
  void demoThenTheArchiveIndexLoadsCleanlyInChromium() throws Exception {
    JarRunner.Result r =
        JarRunner.run(
            tmp,
            Map.of("OPENAI_API_KEY", "sk-ignored-by-the-demo"),
            "demo",
            "--step-delay-ms",
            "5");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    Matcher m = Pattern.compile("report: (reports/ftjob-\\S+/index\\.html)").matcher(r.out());
    assertTrue(m.find(), r.out());
    assertTrue(Files.isRegularFile(tmp.resolve(m.group(1))));
    assertTrue(r.out().contains("archive: reports/index.html"), r.out());
    Path index = tmp.resolve("reports").resolve("index.html");
    assertTrue(Files.isRegularFile(index));

    Path chromium = ExternalTools.chromium();
    String pageUrl = index.toUri().toString();
    try (DevTools dt = DevTools.launch(chromium)) {
      String session = dt.open(pageUrl);
      dt.waitUntil(session, "document.readyState === 'complete'", Duration.ofSeconds(30));
      assertEquals(
          1,
          dt.eval(session, "document.querySelectorAll('tr.job polyline').length").asInt(),
          "one job row with its sparkline");
      List<String> problems = dt.problems(pageUrl);
      assertTrue(problems.isEmpty(), "problems in the archive index: " + problems);
    }
  }

  @Test
  void terminatingFollowPrintsHowToResumeAndLeavesTheJobRunning() throws Exception {
    String key = "sk-it-follow-key-123456";
    try (Sandbox sb = Sandbox.start(SandboxConfig.defaults().withApiKey(key).withStepDelayMs(20));
        OpenAiGateway gw = new OpenAiGateway(Connection.of(key, sb.baseUrl().toString()))) {
      StringBuilder train = new StringBuilder();
      for (int i = 1; i <= 20; i++) {
        train.append(
            String.format(
                Locale.ROOT,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Q%d?\"},{\"role\":\"assistant\",\"content\":\"A%d.\"}]}%n",
                i,
                i));
      }
      FileInfo f = gw.uploadFile("train.jsonl", train.toString().getBytes(StandardCharsets.UTF_8));
      String id =
          gw.createJob(
                  new JobRequest(
                      "gpt-4o-mini-2024-07-18", f.id(), null, null, 1L, Map.of("n_epochs", 20)))
              .id();

      List<String> cmd =
          List.of(
              Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar",
              JarRunner.jar().toString(),
              "follow",
              id,
              "--poll",
              "0.1");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_"));
      pb.environment().put("OPENAI_API_KEY", key);
      pb.environment().put("OPENAI_BASE_URL", sb.baseUrl().toString());
      Path out = tmp.resolve("out.txt");
      pb.redirectOutput(out.toFile()).redirectError(tmp.resolve("err.txt").toFile());
      Process p = pb.start();
      Path events = tmp.resolve("reports").resolve(id).resolve("events.jsonl");
      try {
        Await.until(
            "20 events on file",
            Duration.ofSeconds(60),
            () -> Files.exists(events) && Files.readAllLines(events).size() >= 20);
        p.destroy(); // SIGTERM: the same shutdown hook as Ctrl-C
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      } finally {
        JarRunner.kill(p);
      }
      String text = Files.readString(out);
      assertEquals(143, p.exitValue(), text + Files.readString(tmp.resolve("err.txt")));
      assertTrue(text.contains("Resume: openai-ft follow " + id), text);
      assertTrue(text.contains("Cancel: openai-ft jobs cancel " + id), text);
      String status = gw.getJob(id).status();
      assertTrue(status.equals("running") || status.equals("succeeded"), "left alone: " + status);
      assertTrue(!text.contains(key) && !Files.readString(events).contains(key));
    }
  }
}
