package dev.openaift.report;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.metrics.EpochRow;
import dev.openaift.metrics.Finding;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.MetricSeries;
import dev.openaift.metrics.MetricSeries.Kind;
import dev.openaift.metrics.MetricStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Realistic {@link JobAnalysis} instances built by hand, with seeded noise. */
final class TestAnalyses {
  static final String SCRIPT = "<script>alert(1)</script>";
  static final long T0 = 1_714_564_800L; // 2024-05-01 12:00:00 UTC

  private TestAnalyses() {}

  /** A succeeded 300-step, 3-epoch job with validation every 10 steps and hostile strings. */
  static JobAnalysis sample() {
    return build(300, 3, 10, "succeeded", true);
  }

  /** The same job still running at step 150 of 300. */
  static JobAnalysis running() {
    return build(150, 3, 10, "running", true);
  }

  /** A job with only training loss and no job object, events or checkpoints. */
  static JobAnalysis bare() {
    int n = 50;
    long[] steps = new long[n];
    double[] loss = new double[n];
    for (int i = 0; i < n; i++) {
      steps[i] = i + 1;
      loss[i] = 2.0 - i * 0.01;
    }
    MetricSeries train = series("train_loss", Kind.TRAIN, steps, loss, false);
    return new JobAnalysis(
        "job",
        null,
        "current",
        n,
        n,
        List.of(train),
        Map.of("train_loss", stats(train)),
        0.6,
        10,
        List.of(),
        null,
        List.of(),
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Map.of(),
        Map.of(),
        Double.NaN,
        Map.of("train_loss", "train_loss"),
        null);
  }

  static JobAnalysis build(
      int steps, int epochs, int validEvery, String status, boolean withExtras) {
    int totalSteps = 300;
    Random r = new Random(42);
    long[] s = new long[steps];
    double[] train = new double[steps];
    double[] trainAcc = new double[steps];
    List<Long> vs = new ArrayList<>();
    List<Double> vl = new ArrayList<>();
    List<Double> va = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      s[i] = i + 1;
      double base = 0.35 + 1.8 * Math.exp(-i / 60.0);
      train[i] = Math.max(0, base + 0.12 * r.nextGaussian());
      trainAcc[i] = Math.min(1, 0.55 + 0.35 * (1 - Math.exp(-i / 70.0)) + 0.03 * r.nextGaussian());
      if ((i + 1) % validEvery == 0) {
        vs.add((long) (i + 1));
        vl.add(base + 0.08 + 0.0006 * Math.max(0, i - 180) + 0.15 * r.nextGaussian());
        va.add(0.52 + 0.3 * (1 - Math.exp(-i / 70.0)) + 0.04 * r.nextGaussian());
      }
    }
    long[] vSteps = vs.stream().mapToLong(Long::longValue).toArray();
    long epochLen = totalSteps / epochs;
    List<Long> epochEnds = new ArrayList<>();
    for (long e = epochLen; e <= steps; e += epochLen) {
      epochEnds.add(e);
    }
    long[] fvSteps = epochEnds.stream().mapToLong(Long::longValue).toArray();
    double[] fvLoss = new double[fvSteps.length];
    double[] fvAcc = new double[fvSteps.length];
    for (int i = 0; i < fvSteps.length; i++) {
      fvLoss[i] = 0.62 - 0.1 * i + (i == 2 ? 0.12 : 0);
      fvAcc[i] = 0.78 + 0.03 * i;
    }
    List<MetricSeries> series = new ArrayList<>();
    series.add(series("train_loss", Kind.TRAIN, s, train, false));
    series.add(series("train_accuracy", Kind.TRAIN, s, trainAcc, false));
    series.add(
        series(
            "valid_loss",
            Kind.VALIDATION,
            vSteps,
            vl.stream().mapToDouble(Double::doubleValue).toArray(),
            true));
    series.add(
        series(
            "valid_accuracy",
            Kind.VALIDATION,
            vSteps,
            va.stream().mapToDouble(Double::doubleValue).toArray(),
            true));
    if (fvSteps.length > 0) {
      series.add(series("full_valid_loss", Kind.FULL_VALIDATION, fvSteps, fvLoss, false));
      series.add(series("full_valid_accuracy", Kind.FULL_VALIDATION, fvSteps, fvAcc, false));
    }
    if (withExtras) {
      double[] tokens = new double[steps];
      for (int i = 0; i < steps; i++) {
        tokens[i] = 2048.0 * (i + 1);
      }
      series.add(series("elapsed_tokens", Kind.EXTRA, s, tokens, false));
    }
    Map<String, MetricStats> stats = new TreeMap<>();
    Map<String, String> sources = new TreeMap<>();
    for (MetricSeries m : series) {
      stats.put(m.name(), stats(m));
      sources.put(m.name(), m.sourceName());
    }
    List<EpochRow> rows = new ArrayList<>();
    for (int e = 0; e < fvSteps.length; e++) {
      long first = e * epochLen + 1;
      long last = (e + 1) * epochLen;
      rows.add(
          new EpochRow(
              e + 1,
              first,
              last,
              mean(train, first, last),
              0.7 - 0.05 * e,
              fvLoss[e],
              mean(trainAcc, first, last),
              Double.NaN));
    }
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (int i = 0; i < fvSteps.length; i++) {
      Map<String, Double> m = new TreeMap<>();
      m.put("full_valid_loss", fvLoss[i]);
      m.put("full_valid_mean_token_accuracy", fvAcc[i]);
      m.put("step", (double) fvSteps[i]);
      m.put("train_loss", train[(int) fvSteps[i] - 1]);
      checkpoints.add(
          new Checkpoint(
              "ftckpt-" + (i + 1),
              T0 + 600 + fvSteps[i] * 4,
              "ft:gpt-4o-mini-2024-07-18:acme:<b>bold</b>:ckpt" + (i + 1) + ":step-" + fvSteps[i],
              "ftjob-abc123",
              fvSteps[i],
              m));
    }
    Checkpoint best =
        checkpoints.size() >= 2
            ? checkpoints.get(1)
            : checkpoints.isEmpty() ? null : checkpoints.get(0);
    List<JobEvent> events = new ArrayList<>();
    events.add(
        new JobEvent(
            "ftevent-01", T0, "info", "Created fine-tuning job: ftjob-abc123", "message", null));
    events.add(
        new JobEvent(
            "ftevent-02",
            T0 + 30,
            "info",
            "Validating training file: file-train",
            "message",
            null));
    events.add(
        new JobEvent("ftevent-03", T0 + 60, "warn", "Suspicious line " + SCRIPT, "message", null));
    events.add(
        new JobEvent("ftevent-04", T0 + 600, "info", "Fine-tuning job started", "message", null));
    for (int i = 0; i < Math.min(steps, 20); i++) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("step", i + 1);
      data.put("train_loss", train[i]);
      events.add(
          new JobEvent(
              "ftevent-m" + (1000 + i),
              T0 + 601 + i,
              "info",
              "Step "
                  + (i + 1)
                  + "/"
                  + totalSteps
                  + ": training loss="
                  + String.format(java.util.Locale.ROOT, "%.2f", train[i]),
              "metrics",
              data));
    }
    events.add(
        new JobEvent(
            "ftevent-05", T0 + 700, "error", "Transient error & retry <i>", "message", null));
    if ("succeeded".equals(status)) {
      events.add(
          new JobEvent(
              "ftevent-06",
              T0 + 1900,
              "info",
              "The job has successfully completed",
              "message",
              null));
    }
    Map<String, String> hp =
        new TreeMap<>(
            Map.of("batch_size", "4", "learning_rate_multiplier", "1.8", "n_epochs", "3"));
    Job job =
        new Job(
            "ftjob-abc123",
            status,
            "gpt-4o-mini-2024-07-18",
            "succeeded".equals(status) ? "ft:gpt-4o-mini-2024-07-18:acme:<b>bold</b>:9abc" : null,
            "org-1",
            T0,
            "succeeded".equals(status) ? T0 + 1900 : null,
            null,
            "succeeded".equals(status) ? 1_234_567L : null,
            "file-train",
            "file-valid",
            List.of("file-result"),
            "supervised",
            hp,
            "<b>bold</b>",
            7L,
            null,
            null,
            new TreeMap<>(Map.of("team", "<i>ml</i>")));
    List<Finding> findings =
        List.of(
            new Finding(
                "overfitting",
                "warning",
                "Validation loss rose from 0.52 to 0.64 after epoch 2 while training loss kept"
                    + " falling: try n_epochs = 2."),
            new Finding(
                "event_warnings",
                "warning",
                "1 warning among the events: Suspicious line " + SCRIPT),
            new Finding("event_errors", "error", "1 error among the events."),
            new Finding("healthy", "info", "Training loss fell by 78%."));
    Map<String, Long> durations =
        new TreeMap<>(Map.of("queued", 600L, "training", 1300L, "total", 1900L));
    Map<String, Long> timestamps = new TreeMap<>(Map.of("created", T0, "started", T0 + 600));
    if ("succeeded".equals(status)) {
      timestamps.put("finished", T0 + 1900);
    }
    return new JobAnalysis(
        "ftjob-abc123",
        job,
        "current",
        steps,
        totalSteps,
        series,
        stats,
        0.6,
        10,
        epochEnds,
        epochEnds.isEmpty() ? null : "n_epochs",
        rows,
        best,
        checkpoints,
        events,
        findings,
        List.of("results.csv line 302: truncated last line dropped " + SCRIPT),
        durations,
        timestamps,
        0.1234,
        sources,
        null);
  }

  static MetricSeries series(
      String name, Kind kind, long[] steps, double[] values, boolean rolling) {
    String source =
        switch (name) {
          case "valid_accuracy" -> "valid_mean_token_accuracy";
          case "full_valid_accuracy" -> "full_valid_mean_token_accuracy";
          default -> name;
        };
    double[] smoothed = kind == Kind.FULL_VALIDATION ? values.clone() : ema(values, 0.6);
    double[] mean = null;
    double[] std = null;
    if (rolling) {
      mean = new double[values.length];
      std = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        int from = Math.max(0, i - 9);
        double m = 0;
        for (int j = from; j <= i; j++) {
          m += values[j];
        }
        m /= i - from + 1;
        double v = 0;
        for (int j = from; j <= i; j++) {
          v += (values[j] - m) * (values[j] - m);
        }
        mean[i] = m;
        std[i] = Math.sqrt(v / (i - from + 1));
      }
    }
    return new MetricSeries(name, source, kind, steps, values, smoothed, mean, std);
  }

  static double[] ema(double[] y, double w) {
    double[] out = new double[y.length];
    double last = 0;
    int n = 0;
    for (int i = 0; i < y.length; i++) {
      last = last * w + (1 - w) * y[i];
      n++;
      out[i] = last / (1 - Math.pow(w, n));
    }
    return out;
  }

  static MetricStats stats(MetricSeries s) {
    double[] v = s.values();
    int min = 0;
    int max = 0;
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      min = v[i] < v[min] ? i : min;
      max = v[i] > v[max] ? i : max;
      sum += v[i];
    }
    int last = v.length - 1;
    return new MetricStats(
        v.length,
        v[0],
        s.steps()[0],
        v[last],
        s.steps()[last],
        v[min],
        s.steps()[min],
        v[max],
        s.steps()[max],
        sum / v.length,
        s.smoothed()[last]);
  }

  private static double mean(double[] v, long first, long last) {
    double sum = 0;
    int n = 0;
    for (long st = first; st <= last && st <= v.length; st++) {
      sum += v[(int) st - 1];
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
