package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a generated {@code index.html} in headless Chromium and fails on any console error, uncaught
 * exception, script dialog (escaping failed) or network request other than the page itself.
 */
class BrowserIT {
  @TempDir Path tmp;

  @Test
  void reportLoadsCleanlyInChromium() throws Exception {
    Path chromium = ExternalTools.chromium();
    Path job = ReportFixtures.hostileCopy(tmp);
    Path out = tmp.resolve("out");
    JarRunner.Result r = JarRunner.run(tmp, "report", job.toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    Path page = out.resolve("index.html");
    String pageUrl = page.toUri().toString();

    try (DevTools dt = DevTools.launch(chromium)) {
      String target = dt.send(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
      String session =
          dt.send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).path("sessionId").asText();
      for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
        dt.send(session, domain + ".enable", Map.of());
      }
      dt.send(session, "Page.navigate", Map.of("url", pageUrl));
      dt.await(session, "Page.loadEventFired", Duration.ofSeconds(30));
      Thread.sleep(300); // late console output

      JsonNode images =
          dt.send(
              session,
              "Runtime.evaluate",
              Map.of(
                  "expression",
                  "JSON.stringify(Array.from(document.images).map(i => [i.complete, i.naturalWidth]))",
                  "returnByValue",
                  true));
      JsonNode loaded = new com.fasterxml.jackson.databind.ObjectMapper().readTree(images.path("result").path("value").asText());
      assertTrue(loaded.size() >= 2, "expected the loss and accuracy figures, got " + loaded);
      for (JsonNode img : loaded) {
        assertTrue(img.get(0).asBoolean() && img.get(1).asInt() > 0, "an image did not decode: " + loaded);
      }

      JsonNode shot = dt.send(session, "Page.captureScreenshot", Map.of("format", "png"));
      Path shotFile = Paths.get("target", "browser-it-screenshot.png");
      Files.createDirectories(shotFile.getParent());
      Files.write(shotFile, Base64.getDecoder().decode(shot.path("data").asText()));

      List<String> problems = new ArrayList<>();
      for (JsonNode e : dt.events) {
        String method = e.path("method").asText();
        JsonNode p = e.path("params");
        switch (method) {
          case "Runtime.exceptionThrown" -> problems.add("exception: " + p.path("exceptionDetails"));
          case "Runtime.consoleAPICalled" -> {
            String type = p.path("type").asText();
            if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
              problems.add("console " + type + ": " + p.path("args"));
            }
          }
          case "Log.entryAdded" -> {
            String level = p.path("entry").path("level").asText();
            if (level.equals("error") || level.equals("warning")) {
              problems.add("log " + level + ": " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
            }
          }
          case "Page.javascriptDialogOpening" -> problems.add("a script dialog opened: escaping failed: " + p);
          case "Network.requestWillBeSent" -> {
            String url = p.path("request").path("url").asText();
            if (!url.equals(pageUrl) && !url.startsWith("data:") && !url.equals("about:blank")) {
              problems.add("network request: " + url);
            }
          }
          default -> {}
        }
      }
      assertTrue(problems.isEmpty(), "problems in the page: " + problems);
    }
  }
}
