package dev.openaift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.Await;
import dev.openaift.Main;
import dev.openaift.sandbox.SandboxConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SandboxCommandTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/v1)\\n");

  @TempDir Path dir;

  /** Runs the command in a thread until it prints its address; returns the thread and output. */
  private record Running(Thread thread, StringWriter out, AtomicInteger code, String url) {}

  private static Running run(SandboxCommand cmd, String... args) throws InterruptedException {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(cmd);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    AtomicInteger code = new AtomicInteger(-1);
    Thread t = new Thread(() -> code.set(cl.execute(args)), "sandbox-command-test");
    t.start();
    String said =
        Await.until(
            "a 'listening on' line",
            Duration.ofSeconds(10),
            out::toString,
            s -> LISTENING.matcher(s).find());
    Matcher m = LISTENING.matcher(said);
    m.find();
    return new Running(t, out, code, m.group(1));
  }

  private static int get(String url, String key) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url + "/models"))
            .header("Authorization", "Bearer " + key)
            .timeout(Duration.ofSeconds(5))
            .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void servesUntilStoppedAndPrintsTheDefaultKey() throws Exception {
    SandboxCommand cmd = new SandboxCommand(Map.of());
    Running r = run(cmd, "--port", "0", "--step-delay-ms", "5", "--data-dir", dir.toString());
    assertTrue(r.out().toString().startsWith("listening on http://127.0.0.1:"), r.out().toString());
    assertTrue(
        r.out().toString().contains("api key: " + SandboxConfig.DEFAULT_API_KEY + "\n"),
        r.out().toString());
    assertEquals(200, get(r.url(), SandboxConfig.DEFAULT_API_KEY));
    assertEquals(401, get(r.url(), "wrong"));
    cmd.stop();
    r.thread().join(10_000);
    assertFalse(r.thread().isAlive());
    assertEquals(0, r.code().get());
    assertTrue(Files.exists(dir.resolve("state.json")), "state flushed on stop");
  }

  @Test
  void keyFromTheEnvironmentIsUsedAndNotPrintedAndAnInterruptStopsIt() throws Exception {
    SandboxCommand cmd = new SandboxCommand(Map.of("OPENAI_API_KEY", "sk-from-env"));
    Running r = run(cmd);
    assertEquals(1, r.out().toString().lines().count(), r.out().toString());
    assertEquals(200, get(r.url(), "sk-from-env"));
    assertEquals(401, get(r.url(), SandboxConfig.DEFAULT_API_KEY));
    r.thread().interrupt();
    r.thread().join(10_000);
    assertFalse(r.thread().isAlive());
    assertEquals(0, r.code().get());
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "sandbox",
            "--faults",
            "1.5");
    assertEquals(2, code);
    assertTrue(err.toString().contains("--faults"), err.toString());
  }

  @Test
  void platformFlagsReachTheServer() throws Exception {
    SandboxCommand cmd = new SandboxCommand(Map.of("OPENAI_API_KEY", "sk-k"));
    Running r =
        run(
            cmd,
            "--shutdown-date",
            "gpt-4o-mini=2030-01-02",
            "--shutdown-date",
            "gpt-4.1-nano-2025-04-14=none",
            "--new-jobs-until",
            "2000-01-01",
            "--refuse-training-content");
    try {
      HttpClient http = HttpClient.newHttpClient();
      String models =
          http.send(
                  HttpRequest.newBuilder(URI.create(r.url() + "/models/gpt-4o-mini-2024-07-18"))
                      .header("Authorization", "Bearer sk-k")
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertTrue(models.contains("\"shutdown_date\":\"2030-01-02\""), models);
      String nano =
          http.send(
                  HttpRequest.newBuilder(URI.create(r.url() + "/models/gpt-4.1-nano-2025-04-14"))
                      .header("Authorization", "Bearer sk-k")
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertTrue(nano.contains("\"shutdown_date\":null"), nano);
      HttpResponse<String> create =
          http.send(
              HttpRequest.newBuilder(URI.create(r.url() + "/fine_tuning/jobs"))
                  .header("Authorization", "Bearer sk-k")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"model\":\"gpt-4o-mini\",\"training_file\":\"file-x\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(403, create.statusCode(), create.body());
      assertTrue(create.body().contains("fine_tuning_unavailable"), create.body());
    } finally {
      cmd.stop();
      r.thread().join(10_000);
    }
  }

  @Test
  void badPlatformFlagsAreUsageErrorsNamingTheOption() {
    for (String[] args :
        new String[][] {
          {"sandbox", "--shutdown-date", "gpt-9=2027-01-01"},
          {"sandbox", "--shutdown-date", "gpt-4o=soon"},
          {"sandbox", "--shutdown-date", "gpt-4o"},
          {"sandbox", "--new-jobs-until", "2027-13-01"}
        }) {
      StringWriter err = new StringWriter();
      int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
      assertEquals(2, code, String.join(" ", args) + ": " + err);
      assertTrue(err.toString().contains(args[1]), err.toString());
    }
  }

  @Test
  void aPortInUseIsAUsageError() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      StringWriter err = new StringWriter();
      int code =
          Main.run(
              new PrintWriter(new StringWriter()),
              new PrintWriter(err),
              "sandbox",
              "--port",
              Integer.toString(taken.getLocalPort()));
      assertEquals(2, code);
      assertTrue(
          err.toString().startsWith("openai-ft: cannot start the sandbox on 127.0.0.1:"),
          err.toString());
    }
  }

  @Test
  void replacementModelsAnswerChatAndBadOnesAreUsageErrors() throws Exception {
    SandboxCommand cmd = new SandboxCommand(Map.of("OPENAI_API_KEY", "sk-k"));
    Running r = run(cmd, "--replacement-model", "candidate-mini=0.6", "--chat-latency-scale", "0");
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(r.url() + "/chat/completions"))
            .header("Authorization", "Bearer sk-k")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"candidate-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
            .timeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> answer =
        HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("\"model\":\"candidate-mini\""), answer.body());
    assertTrue(answer.headers().firstValue("openai-processing-ms").isPresent());
    cmd.stop();
    r.thread().join(10_000);

    for (String bad :
        new String[] {
          "x=1.5", "ft:gpt-4o-mini:a:b=0.5", "gpt-4o-mini.ft-0e208cf3=0.5", "gpt-4o-mini=0.5"
        }) {
      StringWriter err = new StringWriter();
      int code =
          Main.run(
              new PrintWriter(new StringWriter()),
              new PrintWriter(err),
              "sandbox",
              "--replacement-model",
              bad);
      assertEquals(2, code, bad + ": " + err);
      assertTrue(err.toString().contains("--replacement-model"), err.toString());
    }
    StringWriter err = new StringWriter();
    assertEquals(
        2,
        Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "sandbox",
            "--chat-latency-scale",
            "-1"));
  }

  @Test
  void helpExplainsTheOutputLines() {
    StringWriter out = new StringWriter();
    int code =
        Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "sandbox", "--help");
    assertEquals(0, code);
    String help = out.toString().replaceAll("\\s+", " ");
    assertTrue(help.contains("listening on http://HOST:PORT/v1"), help);
    assertTrue(help.contains("api key: " + SandboxConfig.DEFAULT_API_KEY), help);
  }
}
