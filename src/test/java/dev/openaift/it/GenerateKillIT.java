package dev.openaift.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.openaift.Await;
import dev.openaift.TestClocks;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openai-ft generate --apply} as a real process, killed with SIGKILL part way, then run
 * again: the sandbox answers exactly one request per topic over both runs, and the dataset is
 * whole.
 *
 * <p>The first run goes through a small proxy that forwards the first {@value #BEFORE_KILL} chat
 * requests to the sandbox and holds every later one unanswered, so at the kill no request is both
 * answered and unsaved (an answer lost in flight is paid again on any API; this test is about what
 * the tool controls: a saved answer is never asked again).
 */
class GenerateKillIT {
  private static final int TOPICS = 12;
  private static final int BEFORE_KILL = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void aKilledRunResumesWithOneRequestPerTopicInAll() throws Exception {
    JarRunner.Result init = JarRunner.run(tmp, "init", "bot");
    assertEquals(0, init.exitCode(), init.err());
    Path config = tmp.resolve("projects/bot/generate.json");
    ObjectNode c = (ObjectNode) JSON.readTree(config.toFile());
    var topics = c.putArray("topics");
    for (int i = 1; i <= TOPICS; i++) {
      topics.add("support question number " + i);
    }
    c.put("count", 2);
    Files.writeString(config, c.toString());
    Path answers = tmp.resolve("projects/bot/datasets/default/chat_completions.jsonl");

    try (Sandbox sandbox =
            Sandbox.start(SandboxConfig.defaults().withClock(TestClocks.today()).withSeed(11));
        HoldingProxy proxy = new HoldingProxy(sandbox.baseUrl(), BEFORE_KILL)) {
      List<String> args = List.of("generate", "--project", "bot", "--apply", "--concurrency", "3");
      Process first =
          JarRunner.start(
              tmp,
              Map.of("OPENAI_BASE_URL", proxy.baseUrl(), "OPENAI_API_KEY", sandbox.apiKey()),
              args,
              tmp.resolve("first.log"));
      try {
        JarRunner.awaitLines(answers, BEFORE_KILL, first);
        proxy.awaitHeld(1);
      } finally {
        JarRunner.kill(first); // SIGKILL: no shutdown hook, no flush
      }
      assertEquals(BEFORE_KILL, sandbox.chatCompletionsAnswered());
      assertEquals(BEFORE_KILL, Files.readAllLines(answers).size());
      assertTrue(
          !Files.exists(answers.resolveSibling("generated_report.json")),
          "the killed run wrote no report");

      JarRunner.Result second =
          JarRunner.run(
              tmp,
              Map.of(
                  "OPENAI_BASE_URL",
                  sandbox.baseUrl().toString(),
                  "OPENAI_API_KEY",
                  sandbox.apiKey()),
              args.toArray(String[]::new));
      assertEquals(0, second.exitCode(), second.out() + second.err());
      assertTrue(
          second.out().contains("total to send (" + (TOPICS - BEFORE_KILL) + " requests)"),
          second.out());
      assertTrue(second.out().contains("answered already"), second.out());
      assertEquals(
          TOPICS, sandbox.chatCompletionsAnswered(), "one request per topic over both runs");
    }
    List<String> lines = Files.readAllLines(answers, StandardCharsets.UTF_8);
    assertEquals(TOPICS, lines.size());
    Set<Integer> seen = new HashSet<>();
    for (String l : lines) {
      assertTrue(seen.add(JSON.readTree(l).get("topic_index").asInt()), "a topic twice: " + l);
    }
    JsonNode report = JSON.readTree(answers.resolveSibling("generated_report.json").toFile());
    assertEquals(TOPICS * 2, report.get("kept").asInt());
    assertEquals(
        TOPICS * 2, Files.readAllLines(answers.resolveSibling("training_set.jsonl")).size());
  }

  /** Forwards the first {@code limit} chat requests, then holds the others until closed. */
  private static final class HoldingProxy implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger chats = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    HoldingProxy(URI target, int limit) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
      server.setExecutor(
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "holding-proxy");
                t.setDaemon(true);
                return t;
              }));
      server.createContext(
          "/",
          ex -> {
            try {
              byte[] body = ex.getRequestBody().readAllBytes();
              String path = ex.getRequestURI().toString();
              if (path.endsWith("/chat/completions") && chats.incrementAndGet() > limit) {
                held.incrementAndGet();
                release.await(120, TimeUnit.SECONDS);
                return;
              }
              HttpRequest.Builder req =
                  HttpRequest.newBuilder(
                          URI.create(target.toString().replaceFirst("/v1$", "") + path))
                      .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
              for (String h : List.of("Authorization", "Content-Type")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                  req.header(h, v);
                }
              }
              HttpResponse<byte[]> resp =
                  client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
              resp.headers()
                  .firstValue("Content-Type")
                  .ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
              ex.sendResponseHeaders(
                  resp.statusCode(), resp.body().length == 0 ? -1 : resp.body().length);
              try (OutputStream os = ex.getResponseBody()) {
                os.write(resp.body());
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              ex.close();
            }
          });
      server.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    void awaitHeld(int n) {
      Await.until(n + " held requests", Duration.ofSeconds(30), () -> held.get() >= n);
    }

    @Override
    public void close() {
      release.countDown();
      server.stop(0);
    }
  }
}
