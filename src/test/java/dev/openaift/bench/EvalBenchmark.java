package dev.openaift.bench;

import dev.openaift.eval.EvalCsv;
import dev.openaift.eval.EvalJson;
import dev.openaift.eval.EvalMeta;
import dev.openaift.eval.Evaluation;
import dev.openaift.eval.Metric;
import dev.openaift.eval.ModelAnswers;
import dev.openaift.eval.Paired;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Speed of {@code eval}'s scoring: N examples (default 100,000) answered by two models, seeded:
 * short free-text answers of 3 to 30 words and, as a second run, one-word labels of 5 classes with
 * some answers outside the label set. Prints, in the running JVM and a few times (the first
 * includes warm-up), the time of {@link Evaluation#run} (every metric for both models, the pairwise
 * bootstrap with 2,000 resamples per metric, McNemar, the disagreement ranking) and of writing
 * {@code eval.json} and {@code eval.csv} to memory.
 *
 * <p>Run: {@code java -cp target/classes:target/test-classes:$(deps)
 * dev.openaift.bench.EvalBenchmark [examples] [runs]}. It prints figures and asserts nothing.
 */
public final class EvalBenchmark {
  private static final String[] WORDS = {
    "the", "order", "ships", "within", "two", "business", "days", "refund", "is", "issued", "to",
        "your",
    "card", "please", "contact", "support", "Paris", "London", "yes", "no", "maybe", "42", "naïve",
        "東京"
  };
  private static final String[] LABELS = {"billing", "tech", "sales", "legal", "other-team"};

  private EvalBenchmark() {}

  public static void main(String[] args) throws IOException {
    Locale.setDefault(Locale.ROOT);
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Random random = new Random(42);
    String[] refs = new String[n];
    String[] a = new String[n];
    String[] b = new String[n];
    for (int i = 0; i < n; i++) {
      refs[i] = sentence(random);
      a[i] = random.nextDouble() < 0.3 ? refs[i] : sentence(random);
      b[i] =
          random.nextDouble() < 0.5
              ? refs[i]
              : random.nextDouble() < 0.5
                  ? refs[i].toUpperCase(Locale.ROOT) + "."
                  : sentence(random);
    }
    List<Metric> text =
        List.of(Metric.EXACT, Metric.NORMALISED_EXACT, Metric.CONTAINS, Metric.TOKEN_F1);
    time("free text, 4 metrics", n, runs, refs, a, b, text);

    String[] labels = new String[n];
    String[] la = new String[n];
    String[] lb = new String[n];
    for (int i = 0; i < n; i++) {
      labels[i] = LABELS[random.nextInt(LABELS.length)];
      la[i] =
          random.nextDouble() < 0.6
              ? labels[i]
              : random.nextDouble() < 0.9 ? LABELS[random.nextInt(LABELS.length)] : "unsure";
      lb[i] = random.nextDouble() < 0.85 ? labels[i] : LABELS[random.nextInt(LABELS.length)];
    }
    time(
        "labels, classification + exact",
        n,
        runs,
        labels,
        la,
        lb,
        List.of(Metric.CLASSIFICATION, Metric.EXACT));
  }

  private static void time(
      String what, int n, int runs, String[] refs, String[] a, String[] b, List<Metric> metrics)
      throws IOException {
    long[] lines = new long[n];
    String[] prompts = new String[n];
    for (int i = 0; i < n; i++) {
      lines[i] = i + 1;
      prompts[i] = "question " + i;
    }
    List<ModelAnswers> models =
        List.of(ModelAnswers.of("base", a), ModelAnswers.of("ft:base:org::x", b));
    EvalMeta meta =
        new EvalMeta(
            "bench.jsonl",
            "0".repeat(64),
            "expected",
            lines,
            prompts,
            Instant.EPOCH,
            null,
            lines.length,
            Map.of());
    for (int run = 1; run <= runs; run++) {
      long t0 = System.nanoTime();
      Evaluation.Result r =
          Evaluation.run(
              new Evaluation.Spec(
                  refs, models, metrics, Set.of(), Paired.DEFAULT_RESAMPLES, 1, 20, null));
      long t1 = System.nanoTime();
      byte[] json = EvalJson.write(r, meta);
      ByteArrayOutputStream csv = new ByteArrayOutputStream();
      EvalCsv.write(r, meta, refs, models, csv);
      long t2 = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "%s, %,d examples x 2 models, run %d: scoring + comparisons %.2f s, eval.json + eval.csv"
              + " %.2f s (%,d + %,d bytes)%n",
          what,
          n,
          run,
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          json.length,
          csv.size());
    }
  }

  private static String sentence(Random random) {
    int words = 3 + random.nextInt(28);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < words; i++) {
      s.append(i > 0 ? " " : "").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return s.toString();
  }
}
