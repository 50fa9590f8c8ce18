package dev.openaift.metrics;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.job.JobFiles;
import dev.openaift.metrics.MetricSeries.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Computes a {@link JobAnalysis} from a job's files or from data in memory. */
public final class Analyzer {

  private static final Pattern CREATED_JOB =
      Pattern.compile("Created fine-tun(?:ing job|e): (\\S+)");

  private Analyzer() {}

  /** Reads the given files and analyses them. */
  public static JobAnalysis analyze(JobInputs in, AnalysisOptions opts) {
    Job job = in.job() == null ? null : JobFiles.readJob(in.job());
    List<String> warnings = new ArrayList<>();
    List<JobEvent> events =
        in.events() == null ? List.of() : JobFiles.readEvents(in.events(), warnings);
    List<Checkpoint> checkpoints =
        in.checkpoints() == null ? List.of() : JobFiles.readCheckpoints(in.checkpoints());
    ResultTable results =
        in.results() == null
            ? null
            : ResultFileReader.read(in.results(), job != null && job.isTerminal());
    return analyze(
        new JobData(job, events, checkpoints, results, in.fallbackName(), warnings), opts);
  }

  /** Analyses data already in memory (e.g. a job being followed). */
  public static JobAnalysis analyze(JobData data, AnalysisOptions opts) {
    return analyze(data, opts, PARALLEL_POINTS);
  }

  /** As above, the series made on two threads from {@code parallelPoints} steps (for tests). */
  static JobAnalysis analyze(JobData data, AnalysisOptions opts, int parallelPoints) {
    MergedMetrics merged = MergedMetrics.merge(data.results(), data.events(), data.checkpoints());
    long steps = merged.lastStep();
    long totalSteps = Math.max(merged.totalSteps(), steps);

    List<Map.Entry<String, double[]>> columns = new ArrayList<>();
    for (Map.Entry<String, double[]> c : merged.columns().entrySet()) {
      if (!TrainerState.EPOCH_SOURCE.equals(merged.sources().get(c.getKey()))) {
        columns.add(c); // a Trainer run's epoch counter places the epochs; it is not a metric
      }
    }
    MetricSeries[] made = new MetricSeries[columns.size()];
    MetricStats[] madeStats = new MetricStats[columns.size()];
    IntConsumer make =
        i -> {
          Map.Entry<String, double[]> c = columns.get(i);
          made[i] =
              series(
                  c.getKey(), merged.sources().get(c.getKey()), merged.steps(), c.getValue(), opts);
          madeStats[i] = made[i] == null ? null : stats(made[i], opts);
        };
    if (merged.steps().length >= parallelPoints && columns.size() > 1) {
      inTwo(columns.size(), make);
    } else {
      for (int i = 0; i < columns.size(); i++) {
        make.accept(i);
      }
    }
    List<MetricSeries> series = new ArrayList<>();
    Map<String, MetricStats> stats = new TreeMap<>();
    for (int i = 0; i < made.length; i++) {
      if (made[i] != null) {
        series.add(made[i]);
        stats.put(made[i].name(), madeStats[i]);
      }
    }

    Epochs.Plan plan =
        Epochs.find(data.job(), data.events(), data.checkpoints(), merged, totalSteps);
    List<EpochRow> epochs = Epochs.table(merged, plan.ends());
    Checkpoint best =
        bestCheckpoint(
            data.checkpoints(), GeneralisationGap.find(series, Canonical.FULL_VALID_LOSS));
    List<String> warnings = new ArrayList<>(data.warnings());
    if (data.results() != null) {
      warnings.addAll(data.results().warnings());
    }
    warnings.addAll(merged.warnings());
    List<Finding> findings =
        Findings.of(
            Findings.Vocabulary.ofFormat(data.results() == null ? null : data.results().format()),
            data.job(),
            data.events(),
            series,
            plan.ends(),
            steps,
            merged.totalSteps(),
            warnings);
    if (opts.shutdowns() != null && data.job() != null && data.job().fineTunedModel() != null) {
      findings =
          Findings.withShutdown(
              findings, data.job(), opts.shutdowns().shutdownOf(data.job().fineTunedModel()));
    }
    StepTiming timing = data.results() == null ? null : data.results().timing();
    Timeline timeline = Timeline.of(data.job(), data.events(), timing);
    Map<String, String> sources = new TreeMap<>();
    for (MetricSeries s : series) {
      sources.put(s.name(), s.sourceName());
    }
    return new JobAnalysis(
        jobId(data),
        data.job(),
        data.results() == null ? "events" : data.results().format(),
        steps,
        totalSteps,
        List.copyOf(series),
        stats,
        opts.smoothingWeight(),
        opts.rollingWindow(),
        plan.ends(),
        plan.source(),
        epochs,
        best,
        data.checkpoints(),
        data.events(),
        findings,
        List.copyOf(warnings),
        timeline.durations,
        timeline.timestamps,
        GeneralisationGap.of(series, opts.smoothingWeight()).value(),
        sources,
        timing);
  }

  /** Steps from which the columns' series are made on two threads. */
  static final int PARALLEL_POINTS = 200_000;

  /**
   * {@code task} for 0..n-1: the even indices on this thread, the odd ones on a helper thread. A
   * million-step job's series (a pass to count, one to copy or smooth, per column) took 50-120 ms
   * of a report on one thread while the other core waited.
   */
  private static void inTwo(int n, IntConsumer task) {
    try (HelperThreads.Helper<Void> odd =
        HelperThreads.start(
            "analysis",
            () -> {
              for (int i = 1; i < n; i += 2) {
                task.accept(i);
              }
              return null;
            })) {
      for (int i = 0; i < n; i += 2) {
        task.accept(i);
      }
      odd.join();
    }
  }

  /** The series of one merged column, or null when it has no finite point. */
  private static MetricSeries series(
      String name, String source, long[] allSteps, double[] column, AnalysisOptions opts) {
    int n = 0;
    for (double v : column) {
      if (Double.isFinite(v)) {
        n++;
      }
    }
    if (n == 0) {
      return null;
    }
    long[] steps;
    double[] values;
    if (n == column.length) {
      // no gaps (the usual train_* column): share the merged arrays, which nothing else changes
      steps = allSteps;
      values = column;
    } else {
      steps = new long[n];
      values = new double[n];
      int j = 0;
      for (int i = 0; i < column.length; i++) {
        if (Double.isFinite(column[i])) {
          steps[j] = allSteps[i];
          values[j++] = column[i];
        }
      }
    }
    Kind kind = Canonical.kind(name);
    double[] smoothed =
        kind == Kind.FULL_VALIDATION
            ? values.clone()
            : Smoothing.ema(values, opts.smoothingWeight());
    double[] mean = null;
    double[] std = null;
    if (name.equals(Canonical.VALID_LOSS) || name.equals(Canonical.VALID_ACCURACY)) {
      double[][] r = Smoothing.rollingMeanStd(values, opts.rollingWindow());
      mean = r[0];
      std = r[1];
    }
    return new MetricSeries(
        name, source == null ? name : source, kind, steps, values, smoothed, mean, std);
  }

  /**
   * The figures of one series. {@code lastSmoothed} is the EMA at weight 0.6 whatever the chosen
   * weight; for full-validation series (never smoothed) it is the last value.
   */
  static MetricStats stats(MetricSeries s, AnalysisOptions opts) {
    double[] v = s.values();
    long[] st = s.steps();
    int n = v.length;
    int min = 0;
    int max = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (v[i] < v[min]) {
        min = i;
      }
      if (v[i] > v[max]) {
        max = i;
      }
      sum += v[i];
    }
    double lastSmoothed;
    if (s.kind() == Kind.FULL_VALIDATION) {
      lastSmoothed = v[n - 1];
    } else if (opts.smoothingWeight() == AnalysisOptions.DEFAULT_WEIGHT) {
      lastSmoothed = s.smoothed()[n - 1];
    } else {
      lastSmoothed = Smoothing.emaAt(v, AnalysisOptions.DEFAULT_WEIGHT, n - 1);
    }
    double mean = sum / n;
    if (!Double.isFinite(mean)) {
      mean = ScaledSums.mean(v, n, i -> true); // the sum overflowed (values near 1.8e308)
    }
    return new MetricStats(
        n, v[0], st[0], v[n - 1], st[n - 1], v[min], st[min], v[max], st[max], mean, lastSmoothed);
  }

  /**
   * The checkpoint with the lowest {@code full_valid_loss} in its own metrics; when no checkpoint
   * carries one, the lowest of the full-validation series at the checkpoints' steps. Ties go to the
   * earlier step. Null when neither is known.
   */
  static Checkpoint bestCheckpoint(List<Checkpoint> checkpoints, MetricSeries fullValid) {
    Checkpoint best = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (Checkpoint c : checkpoints) {
      Double loss = c.metrics().get("full_valid_loss");
      if (loss != null && Double.isFinite(loss) && loss < bestLoss) {
        best = c;
        bestLoss = loss;
      }
    }
    if (best != null || fullValid == null) {
      return best;
    }
    for (Checkpoint c : checkpoints) {
      int i = java.util.Arrays.binarySearch(fullValid.steps(), c.stepNumber());
      if (i >= 0 && fullValid.values()[i] < bestLoss) {
        best = c;
        bestLoss = fullValid.values()[i];
      }
    }
    return best;
  }

  /** The full-validation loss that made {@code c} the best checkpoint, NaN if unknown. */
  public static double fullValidLossOf(Checkpoint c, JobAnalysis a) {
    if (c == null) {
      return Double.NaN;
    }
    Double own = c.metrics().get("full_valid_loss");
    if (own != null) {
      return own;
    }
    MetricSeries full = a.series(Canonical.FULL_VALID_LOSS);
    if (full != null) {
      int i = java.util.Arrays.binarySearch(full.steps(), c.stepNumber());
      if (i >= 0) {
        return full.values()[i];
      }
    }
    return Double.NaN;
  }

  private static String jobId(JobData data) {
    if (data.job() != null && data.job().id() != null) {
      return data.job().id();
    }
    for (Checkpoint c : data.checkpoints()) {
      if (c.fineTuningJobId() != null) {
        return c.fineTuningJobId();
      }
    }
    for (JobEvent e : data.events()) {
      Matcher m = CREATED_JOB.matcher(e.message());
      if (m.find()) {
        return m.group(1);
      }
    }
    return data.fallbackJobId();
  }
}
