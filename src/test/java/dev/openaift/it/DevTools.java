package dev.openaift.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Chrome DevTools Protocol client over the JDK's WebSocket: enough to start headless
 * Chromium, open a page, and collect its console errors, exceptions and network requests.
 */
final class DevTools implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process browser;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  final List<JsonNode> events = new CopyOnWriteArrayList<>();

  private DevTools(Process browser, Path profile, WebSocket socket) {
    this.browser = browser;
    this.profile = profile;
    this.socket = socket;
  }

  static DevTools launch(Path chromium) throws Exception {
    Path profile = Files.createTempDirectory("chromium-profile");
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("chromium.log").toFile())
            .start();
    Path portFile = profile.resolve("DevToolsActivePort");
    try {
      Await.until(
          "chromium to write its DevTools port",
          Duration.ofSeconds(30),
          () -> {
            if (!p.isAlive()) {
              throw new IOException("chromium ended with exit code " + p.exitValue());
            }
            return Files.isRegularFile(portFile) && Files.readAllLines(portFile).size() >= 2;
          });
    } catch (AssertionError e) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      throw new IOException(
          "chromium did not start: " + Files.readString(profile.resolve("chromium.log")), e);
    }
    List<String> lines = Files.readAllLines(portFile);
    URI ws = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
    DevTools[] self = new DevTools[1];
    StringBuilder partial = new StringBuilder();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(
                ws,
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      String msg = partial.toString();
                      partial.setLength(0);
                      self[0].dispatch(msg);
                    }
                    w.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    self[0] = new DevTools(p, profile, socket);
    return self[0];
  }

  private void dispatch(String msg) {
    try {
      JsonNode n = JSON.readTree(msg);
      if (n.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
        if (f != null) {
          f.complete(n);
        }
      } else {
        events.add(n);
      }
    } catch (IOException e) {
      throw new IllegalStateException("bad DevTools message: " + msg, e);
    }
  }

  /** Sends one command (to the browser when sessionId is null) and waits for its result. */
  JsonNode send(String sessionId, String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode m = JSON.createObjectNode();
    m.put("id", id);
    m.put("method", method);
    m.set("params", JSON.valueToTree(params));
    if (sessionId != null) {
      m.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(JSON.writeValueAsString(m), true).get(10, TimeUnit.SECONDS);
    JsonNode r = f.get(30, TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + " failed: " + r.get("error"));
    }
    return r.path("result");
  }

  /** Waits until an event with this method (for this session) has arrived. */
  JsonNode await(String sessionId, String method, Duration timeout) {
    return Await.until(
            "a " + method + " event",
            timeout,
            () ->
                events.stream()
                    .filter(
                        e ->
                            method.equals(e.path("method").asText())
                                && sessionId.equals(e.path("sessionId").asText()))
                    .findFirst(),
            java.util.Optional::isPresent)
        .get();
  }

  /**
   * Opens a page in a new tab with the Runtime, Log, Network and Page domains on; returns its
   * session.
   */
  String open(String url) throws Exception {
    String target =
        send(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
    String session =
        send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
            .path("sessionId")
            .asText();
    for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
      send(session, domain + ".enable", Map.of());
    }
    send(session, "Page.navigate", Map.of("url", url));
    await(session, "Page.loadEventFired", Duration.ofSeconds(30));
    return session;
  }

  /** Runs a script in the page and returns its value (JSON-compatible values only). */
  JsonNode eval(String session, String expression) throws Exception {
    JsonNode r =
        send(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(
          "script failed: " + expression + " -> " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Waits until a script's value is {@code true} in the page: a condition, never a fixed delay. */
  void waitUntil(String session, String condition, Duration timeout) {
    Await.until(
        "the page to make this true: " + condition,
        timeout,
        () -> eval(session, "Boolean(" + condition + ")").asBoolean());
  }

  /**
   * Ends the browser and every process it started (renderers, GPU and utility processes), waiting
   * for each, then removes the profile folder: files that a process still being torn down writes
   * late are retried, and what cannot be removed is left in the temp folder rather than failing the
   * test.
   */
  @Override
  public void close() throws IOException {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    } catch (RuntimeException ignored) {
      // the browser may already be gone
    }
    List<ProcessHandle> tree = new java.util.ArrayList<>(browser.descendants().toList());
    tree.add(browser.toHandle());
    browser.destroy();
    for (ProcessHandle p : tree) {
      awaitExit(p);
    }
    for (int attempt = 0; attempt < 20 && Files.exists(profile); attempt++) {
      try (var walk = Files.walk(profile)) {
        walk.sorted(java.util.Comparator.reverseOrder())
            .forEach(
                f -> {
                  try {
                    Files.deleteIfExists(f);
                  } catch (IOException ignored) {
                    // a folder still filling up: the next pass gets it
                  }
                });
      } catch (IOException | java.io.UncheckedIOException ignored) {
        // a file vanished while walking: walk again
      }
      if (Files.exists(profile)) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void awaitExit(ProcessHandle p) {
    try {
      p.destroy();
      p.onExit().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      p.destroyForcibly();
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported by the OS as gone or not ours any more
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception ignored) {
      // already gone
    }
  }

  /**
   * Console errors and warnings, exceptions, script dialogs and requests other than the page
   * itself.
   */
  List<String> problems(String pageUrl) {
    List<String> problems = new java.util.ArrayList<>();
    for (JsonNode e : events) {
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
            problems.add(
                "log "
                    + level
                    + ": "
                    + p.path("entry").path("text").asText()
                    + " "
                    + p.path("entry").path("url").asText());
          }
        }
        case "Page.javascriptDialogOpening" ->
            problems.add("a script dialog opened: escaping failed: " + p);
        case "Network.requestWillBeSent" -> {
          String url = p.path("request").path("url").asText();
          if (!url.equals(pageUrl) && !url.startsWith("data:") && !url.equals("about:blank")) {
            problems.add("network request: " + url);
          }
        }
        default -> {}
      }
    }
    return problems;
  }

  static String text(JsonNode n) {
    return new String(n.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
