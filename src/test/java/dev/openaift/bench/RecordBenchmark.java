package dev.openaift.bench;

import dev.openaift.TestClocks;
import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.JobRequest;
import dev.openaift.api.OpenAiGateway;
import dev.openaift.cli.CliContext;
import dev.openaift.cli.OpenAiFtCommand;
import dev.openaift.cli.UserInput;
import dev.openaift.job.Job;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Speed of {@code openai-ft record} on the sandbox: a model fine-tuned in the sandbox on N chat
 * examples (default 10,000) is recorded on those N examples at concurrency 1, 4 and 16, each time
 * into a fresh archive, in this JVM (the sandbox too, so both share the machine). Prints requests
 * per second. The sandbox waits 0.01 ms per millisecond of simulated latency (its default, about 2
 * to 4 ms per answer), and every answer is forced to disk before the next one of its worker is
 * sent.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:$(deps)
 * dev.openaift.bench.RecordBenchmark [examples] [latency scale]}. It prints figures and asserts
 * nothing.
 */
public final class RecordBenchmark {
  private RecordBenchmark() {}

  public static void main(String[] args) throws Exception {
    Locale.setDefault(Locale.ROOT);
    int examples = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 0.01;
    Path dir = Path.of("target", "bench", "record");
    deleteTree(dir);
    Files.createDirectories(dir);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < examples; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"system\",\"content\":\"You answer questions about"
                  + " orders.\"},{\"role\":\"user\",\"content\":\"Where is order %d and when will"
                  + " it arrive?\"},{\"role\":\"assistant\",\"content\":\"Order %d left the"
                  + " warehouse and arrives in %d days.\"}]}%n",
              i,
              i,
              1 + i % 9));
    }
    Path data = dir.resolve("data.jsonl");
    Files.writeString(data, sb.toString(), StandardCharsets.UTF_8);
    try (Sandbox sandbox =
            Sandbox.start(
                SandboxConfig.defaults()
                    .withClock(TestClocks.today())
                    .withStepDelayMs(1)
                    .withSeed(1));
        OpenAiGateway gateway =
            new OpenAiGateway(Connection.of(sandbox.apiKey(), sandbox.baseUrl().toString()))) {
      sandbox.setChatLatencyScale(scale);
      FileInfo f = gateway.uploadFile("data.jsonl", Files.readAllBytes(data));
      String jobId =
          gateway
              .createJob(
                  new JobRequest(
                      "gpt-4o-mini-2024-07-18", f.id(), null, "bench", 1L, Map.of("n_epochs", 1)))
              .id();
      Job job = gateway.getJob(jobId);
      long deadline = System.nanoTime() + 300_000_000_000L;
      while (!job.isTerminal() && System.nanoTime() < deadline) {
        Thread.sleep(50);
        job = gateway.getJob(jobId);
      }
      if (!"succeeded".equals(job.status())) {
        throw new IllegalStateException("training did not succeed: " + job.status());
      }
      String model = job.fineTunedModel();
      System.out.printf(
          Locale.ROOT,
          "model %s, %,d examples, latency scale %s, %d cores%n",
          model,
          examples,
          scale,
          Runtime.getRuntime().availableProcessors());
      CliContext context =
          new CliContext(
              Map.of(
                  "OPENAI_API_KEY",
                  sandbox.apiKey(),
                  "OPENAI_BASE_URL",
                  sandbox.baseUrl().toString()),
              false,
              ZoneOffset.UTC,
              Clock.systemUTC(),
              action -> () -> {},
              100);
      for (int concurrency : new int[] {1, 4, 16}) {
        Path reports = dir.resolve("reports-" + concurrency);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code =
            OpenAiFtCommand.run(
                new PrintWriter(out),
                new PrintWriter(err),
                context,
                UserInput.of(""),
                "record",
                model,
                "--data",
                data.toString(),
                "--concurrency",
                Integer.toString(concurrency),
                "--temperature",
                "0",
                "--yes",
                "--reports-dir",
                reports.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
          throw new IllegalStateException("record failed (" + code + "): " + err);
        }
        System.out.printf(
            Locale.ROOT,
            "concurrency %2d: %,d answers in %.1f s = %,.0f requests/s%n",
            concurrency,
            examples,
            seconds,
            examples / seconds);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
