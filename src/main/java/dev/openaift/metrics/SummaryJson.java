package dev.openaift.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.Json;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.Methods;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code summary.json}: pretty-printed, keys sorted at every level, a trailing newline,
 * non-finite numbers as {@code null}, numbers as Java's {@link Double#toString} (so {@code 1.0E-5}
 * may appear; every JSON reader accepts it).
 *
 * <p>Keys: {@code job_id, format, status, model, fine_tuned_model, method, hyperparameters{},
 * method_hyperparameters[]} (the names of the method-specific ones, only when there are any),
 * {@code trained_tokens, steps, total_steps, epochs{count, source, ends[]}, timestamps{created,
 * started, finished}, durations{queued, training, total}} (seconds), {@code metrics{<name>{points,
 * first, first_step, last, last_step, min, min_step, max, max_step, mean, last_smoothed}}}, {@code
 * best_checkpoint{id, step, model, full_valid_loss}} or null, {@code generalisation_gap} (see
 * {@link GeneralisationGap}) with {@code generalisation_gap_basis} saying exactly what was
 * subtracted, {@code findings[{code, severity, text}], warnings[], source_columns{},
 * smoothing{weight, rolling_window}}, {@code sparkline{metric, values[]}} (the smoothed training
 * loss at up to {@link Sparkline#POINTS} evenly spaced points, for the archive index), and only
 * when the result file gives each row's time (Azure's {@code timestamp}): {@code step_timing{
 * first_step, first_at, last_step, last_at, rows, seconds, seconds_per_step}} (times in unix
 * seconds with the fraction).
 */
public final class SummaryJson {

  private static final ObjectMapper MAPPER = Json.mapper();

  private SummaryJson() {}

  public static String write(JobAnalysis a) {
    try {
      return Json.pretty().writeValueAsString(toMap(a)) + "\n";
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write summary.json", ex);
    }
  }

  static Map<String, Object> toMap(JobAnalysis a) {
    Job job = a.job();
    Map<String, Object> m = new TreeMap<>();
    m.put("job_id", a.jobId());
    m.put("format", a.format());
    m.put("status", job == null ? null : job.status());
    m.put("model", job == null ? null : job.model());
    m.put("fine_tuned_model", job == null ? null : job.fineTunedModel());
    m.put("method", job == null ? null : job.methodType());
    m.put("hyperparameters", job == null ? Map.of() : new TreeMap<>(job.hyperparameters()));
    if (job != null && !Methods.specificOf(job).isEmpty()) {
      m.put("method_hyperparameters", Methods.specificOf(job));
    }
    m.put("trained_tokens", job == null ? null : job.trainedTokens());
    m.put("steps", a.steps());
    m.put("total_steps", a.totalSteps());

    Map<String, Object> epochs = new TreeMap<>();
    epochs.put("count", a.epochEnds().size());
    epochs.put("source", a.epochSource());
    epochs.put("ends", a.epochEnds());
    m.put("epochs", epochs);
    m.put("timestamps", new TreeMap<>(a.timestamps()));
    m.put("durations", new TreeMap<>(a.durations()));
    StepTiming timing = a.stepTiming();
    if (timing != null) {
      Map<String, Object> t = new TreeMap<>();
      t.put("first_step", timing.firstStep());
      t.put("first_at", num(timing.firstAt()));
      t.put("last_step", timing.lastStep());
      t.put("last_at", num(timing.lastAt()));
      t.put("rows", timing.rows());
      t.put("seconds", num(timing.seconds()));
      t.put("seconds_per_step", num(timing.secondsPerStep()));
      m.put("step_timing", t);
    }

    Map<String, Object> metrics = new TreeMap<>();
    for (Map.Entry<String, MetricStats> e : a.stats().entrySet()) {
      MetricStats s = e.getValue();
      Map<String, Object> x = new TreeMap<>();
      x.put("points", s.points());
      x.put("first", num(s.first()));
      x.put("first_step", s.firstStep());
      x.put("last", num(s.last()));
      x.put("last_step", s.lastStep());
      x.put("min", num(s.min()));
      x.put("min_step", s.minStep());
      x.put("max", num(s.max()));
      x.put("max_step", s.maxStep());
      x.put("mean", num(s.mean()));
      x.put("last_smoothed", num(s.lastSmoothed()));
      metrics.put(e.getKey(), x);
    }
    m.put("metrics", metrics);

    Checkpoint best = a.bestCheckpoint();
    if (best == null) {
      m.put("best_checkpoint", null);
    } else {
      Map<String, Object> b = new TreeMap<>();
      b.put("id", best.id());
      b.put("step", best.stepNumber());
      b.put("model", best.fineTunedModelCheckpoint());
      b.put("full_valid_loss", num(Analyzer.fullValidLossOf(best, a)));
      m.put("best_checkpoint", b);
    }
    GeneralisationGap gap = GeneralisationGap.of(a.series(), a.smoothingWeight());
    m.put("generalisation_gap", num(a.generalisationGap()));
    m.put("generalisation_gap_basis", gap.basis());

    List<Object> findings = new ArrayList<>();
    for (Finding f : a.findings()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("code", f.code());
      x.put("severity", f.severity());
      x.put("text", f.text());
      findings.add(x);
    }
    m.put("findings", findings);
    m.put("warnings", a.warnings());
    m.put("source_columns", new TreeMap<>(a.sourceColumns()));
    Map<String, Object> smoothing = new TreeMap<>();
    smoothing.put("weight", num(a.smoothingWeight()));
    smoothing.put("rolling_window", a.rollingWindow());
    m.put("smoothing", smoothing);
    Map<String, Object> spark = new TreeMap<>();
    spark.put("metric", Sparkline.METRIC + "_smoothed");
    spark.put("values", Arrays.stream(Sparkline.of(a)).boxed().toList());
    m.put("sparkline", spark);
    return m;
  }

  /** Finite numbers as they are (without -0.0), others as null. */
  private static Double num(double v) {
    return Double.isFinite(v) ? (v == 0 ? 0.0 : v) : null;
  }
}
