package dev.openaift.bench;

import dev.openaift.prepare.DatasetChecker;
import dev.openaift.prepare.PrepareOptions;
import dev.openaift.prepare.PrepareReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Speed of {@code prepare}'s checks on a large file. Generates {@code target/bench/prepare-N.jsonl}
 * (N chat examples, default 100,000: a system prompt, one to three user/assistant turns of 10 to 80
 * words, a few exact duplicates, seeded) and prints the time to check it, in the running JVM, a few
 * times (the first run includes loading the encoding and warming up).
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:$(deps)
 * dev.openaift.bench.PrepareBenchmark [examples] [runs]}. It prints figures and asserts nothing.
 */
public final class PrepareBenchmark {
  private static final String[] WORDS = {
    "the",
    "model",
    "answer",
    "customer",
    "order",
    "refund",
    "please",
    "shipping",
    "account",
    "thanks",
    "invoice",
    "delivery",
    "within",
    "business",
    "days",
    "policy",
    "update",
    "address",
    "payment",
    "support",
    "ticket",
    "number",
    "help",
    "today",
    "question",
    "product",
    "warranty",
    "return",
    "Überweisung",
    "naïve",
    "東京",
    "42",
    "2024-07-18",
    "email@example.com",
    "{\\\"json\\\": true}"
  };

  private PrepareBenchmark() {}

  public static void main(String[] args) throws IOException {
    Locale.setDefault(Locale.ROOT);
    int examples = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Path.of("target", "bench");
    Files.createDirectories(dir);
    Path file = dir.resolve("prepare-" + examples + ".jsonl");
    generate(file, examples, new Random(42));
    System.out.printf(
        Locale.ROOT, "file: %s (%,d examples, %,.1f MB)%n", file, examples, Files.size(file) / 1e6);
    PrepareOptions options = PrepareOptions.defaults();
    for (int run = 1; run <= runs; run++) {
      long start = System.nanoTime();
      PrepareReport report = DatasetChecker.check(file, options);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "run %d: %.2f s (%,.0f examples/s), %,d tokens/epoch, %d findings, usable=%s%n",
          run,
          seconds,
          examples / seconds,
          report.estimate().billedTokensPerEpoch(),
          report.issues().size(),
          report.usable());
    }
  }

  static void generate(Path file, int examples, Random random) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      String previous = null;
      for (int i = 0; i < examples; i++) {
        String line;
        if (previous != null && random.nextInt(1000) == 0) {
          line = previous; // an exact duplicate now and then
        } else {
          StringBuilder b = new StringBuilder("{\"messages\": [");
          b.append("{\"role\": \"system\", \"content\": \"You are a helpful support agent.\"}");
          int turns = 1 + random.nextInt(3);
          for (int t = 0; t < turns; t++) {
            b.append(", {\"role\": \"user\", \"content\": \"").append(words(random)).append("\"}");
            b.append(", {\"role\": \"assistant\", \"content\": \"")
                .append(words(random))
                .append("\"}");
          }
          line = b.append("]}").toString();
        }
        w.write(line);
        w.newLine();
        previous = line;
      }
    }
  }

  private static String words(Random random) {
    int n = 10 + random.nextInt(71);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return b.toString();
  }
}
