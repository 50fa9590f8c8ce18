package dev.openaift.report;

import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.MetricSeries;
import dev.openaift.metrics.MetricSeries.Kind;
import dev.openaift.metrics.MetricStats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Prints how long rendering a report takes for jobs of 1k, 100k and 1M steps (validation every 10,
 * 10 and 100 steps). Not a test: run it in a fresh JVM to see cold-start figures, e.g. {@code java
 * -cp target/classes:target/test-classes:$(cat cp.txt) dev.openaift.report.RenderBenchmark
 * 1000000}.
 */
public final class RenderBenchmark {
  private RenderBenchmark() {}

  public static void main(String[] args) {
    int[] sizes =
        args.length == 0
            ? new int[] {1_000, 100_000, 1_000_000}
            : new int[] {Integer.parseInt(args[0])};
    for (int n : sizes) {
      JobAnalysis a = analysis(n, n >= 1_000_000 ? 100 : 10);
      long t0 = System.nanoTime();
      Map<String, byte[]> files = ReportRenderer.render(a, ReportOptions.defaults());
      long t1 = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "%,10d steps: render %6.0f ms, index.html %,d bytes, report.ipynb %,d bytes%n",
          n,
          (t1 - t0) / 1e6,
          files.get(ReportRenderer.HTML_FILE).length,
          files.get(ReportRenderer.NOTEBOOK_FILE).length);
    }
  }

  static JobAnalysis analysis(int n, int validEvery) {
    Random r = new Random(n);
    long[] steps = new long[n];
    double[] loss = new double[n];
    for (int i = 0; i < n; i++) {
      steps[i] = i + 1;
      loss[i] = 0.3 + 2 * Math.exp(-i / (n / 5.0)) + 0.1 * r.nextGaussian();
    }
    int m = n / validEvery;
    long[] vSteps = new long[m];
    double[] vLoss = new double[m];
    for (int i = 0; i < m; i++) {
      vSteps[i] = (long) (i + 1) * validEvery;
      vLoss[i] = loss[(int) vSteps[i] - 1] + 0.1 + 0.1 * r.nextGaussian();
    }
    MetricSeries train = TestAnalyses.series("train_loss", Kind.TRAIN, steps, loss, false);
    MetricSeries valid = TestAnalyses.series("valid_loss", Kind.VALIDATION, vSteps, vLoss, true);
    Map<String, MetricStats> stats =
        new TreeMap<>(
            Map.of(
                "train_loss", TestAnalyses.stats(train), "valid_loss", TestAnalyses.stats(valid)));
    return new JobAnalysis(
        "ftjob-bench",
        null,
        "current",
        n,
        n,
        List.of(train, valid),
        stats,
        0.6,
        10,
        List.of((long) n / 3, 2L * n / 3, (long) n),
        "n_epochs",
        List.of(),
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Map.of(),
        Map.of(),
        0.1,
        Map.of(),
        null);
  }
}
