package dev.openaift.metrics;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.JobEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The result file's columns merged with the metrics of events and checkpoints, by step. The result
 * file wins where both have a value for the same step and metric; events fill its gaps, then
 * checkpoints fill what is still missing ({@code full_valid_*} exist only there).
 *
 * @param steps ascending, unique
 * @param columns metric name -> values aligned with {@code steps} (NaN = missing): canonical names
 *     in canonical order, then the result file's extras in file order, then the events' extras in
 *     the order first seen
 * @param sources metric name -> the column or key it came from (first source seen)
 * @param totalSteps the largest {@code total_steps} of the metrics events, or the result table's
 *     own total (a Trainer state's {@code max_steps}); 0 if none
 * @param warnings names changed so that no metric is called as a column openai-ft derives (see
 *     {@link #apart})
 */
record MergedMetrics(
    long[] steps,
    Map<String, double[]> columns,
    Map<String, String> sources,
    long totalSteps,
    List<String> warnings) {

  /** One metric value from an event or a checkpoint. */
  private record Point(long step, String name, String source, double value) {}

  static MergedMetrics merge(
      ResultTable results, List<JobEvent> events, List<Checkpoint> checkpoints) {
    long totalSteps = results == null ? 0 : results.totalSteps();
    List<Point> eventPoints = new ArrayList<>();
    for (JobEvent e : events) {
      if (!e.isMetrics() || !(e.data().get("step") instanceof Number stepNumber)) {
        continue;
      }
      if (e.data().get("total_steps") instanceof Number t) {
        totalSteps = Math.max(totalSteps, t.longValue());
      }
      long step = stepNumber.longValue();
      for (Map.Entry<String, Number> d : EventMetrics.flatten(e.data()).entrySet()) {
        addPoint(eventPoints, step, d.getKey(), d.getValue());
      }
    }
    List<Point> checkpointPoints = new ArrayList<>();
    for (Checkpoint c : checkpoints) {
      for (Map.Entry<String, Double> m : c.metrics().entrySet()) {
        addPoint(checkpointPoints, c.stepNumber(), m.getKey(), m.getValue());
      }
    }

    long[] baseSteps = new long[0];
    Map<String, double[]> baseColumns = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    if (results != null) {
      StepTable t = results.table();
      baseSteps = t.steps();
      for (Map.Entry<String, double[]> c : t.columns().entrySet()) {
        baseColumns.put(c.getKey(), c.getValue());
        sources.put(c.getKey(), results.sourceColumns().getOrDefault(c.getKey(), c.getKey()));
      }
    }

    // the union of the steps
    TreeMap<Long, Boolean> extra = new TreeMap<>();
    for (List<Point> points : List.of(eventPoints, checkpointPoints)) {
      for (Point p : points) {
        if (Arrays.binarySearch(baseSteps, p.step) < 0) {
          extra.put(p.step, Boolean.TRUE);
        }
      }
    }
    long[] steps = baseSteps;
    if (!extra.isEmpty()) {
      steps = new long[baseSteps.length + extra.size()];
      int i = 0;
      for (long s : baseSteps) {
        steps[i++] = s;
      }
      for (long s : extra.keySet()) {
        steps[i++] = s;
      }
      Arrays.sort(steps);
      for (Map.Entry<String, double[]> c : baseColumns.entrySet()) {
        c.setValue(expand(baseSteps, c.getValue(), steps));
      }
    }

    // the result table's own arrays (when not expanded) are copied before the first write into them
    Set<String> shared = new HashSet<>(steps == baseSteps ? baseColumns.keySet() : Set.of());
    Map<String, double[]> filled = new LinkedHashMap<>(baseColumns);
    for (List<Point> points : List.of(eventPoints, checkpointPoints)) {
      for (Point p : points) {
        double[] col = filled.get(p.name);
        if (col == null) {
          col = new double[steps.length];
          Arrays.fill(col, Double.NaN);
          filled.put(p.name, col);
          sources.put(p.name, p.source);
        }
        int i = Arrays.binarySearch(steps, p.step);
        if (Double.isNaN(col[i])) {
          if (shared.remove(p.name)) {
            col = col.clone();
            filled.put(p.name, col);
          }
          col[i] = p.value;
        }
      }
    }

    // canonical order first, then extras in the order met
    Map<String, double[]> ordered = new LinkedHashMap<>();
    for (String name : Canonical.NAMES) {
      if (filled.containsKey(name)) {
        ordered.put(name, filled.get(name));
      }
    }
    for (Map.Entry<String, double[]> c : filled.entrySet()) {
      ordered.putIfAbsent(c.getKey(), c.getValue());
    }
    Map<String, String> orderedSources = new LinkedHashMap<>();
    for (String name : ordered.keySet()) {
      orderedSources.put(name, sources.get(name));
    }
    List<String> warnings = new ArrayList<>();
    return apart(steps, ordered, orderedSources, totalSteps, warnings);
  }

  /** The columns openai-ft derives from a metric {@code name} (see {@link MetricsCsv}). */
  static List<String> derived(String name) {
    List<String> out = new ArrayList<>();
    out.add(name + MetricsCsv.SMOOTHED);
    if (MetricsCsv.ROLLING.contains(name)) {
      out.add(name + MetricsCsv.ROLLING_MEAN);
      out.add(name + MetricsCsv.ROLLING_STD);
    }
    return out;
  }

  /**
   * The merged metrics with every extra named apart from the columns openai-ft derives: an extra
   * called as the smoothed or rolling column of another metric ({@code train_loss_smoothed} beside
   * {@code train_loss}), as {@code step} or as a canonical metric's, is renamed {@code NAME_2}
   * (then {@code _3} ...) with a warning, so that {@code metrics.csv} never has two columns of one
   * name. Its source still names the original.
   */
  private static MergedMetrics apart(
      long[] steps,
      Map<String, double[]> columns,
      Map<String, String> sources,
      long totalSteps,
      List<String> warnings) {
    // names no extra may take: step, the canonical metrics and every derived column
    Set<String> reserved = new HashSet<>();
    reserved.add(Canonical.STEP);
    for (String name : Canonical.NAMES) {
      reserved.add(name);
      reserved.addAll(derived(name));
    }
    for (String name : columns.keySet()) {
      reserved.addAll(derived(name));
    }
    Set<String> used = new HashSet<>();
    Map<String, double[]> out = new LinkedHashMap<>();
    Map<String, String> outSources = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> c : columns.entrySet()) {
      String name = c.getKey();
      String unique = name;
      if (!Canonical.isCanonical(name) && (reserved.contains(name) || used.contains(name))) {
        for (int n = 2; ; n++) {
          unique = name + "_" + n;
          boolean free =
              !reserved.contains(unique)
                  && !used.contains(unique)
                  && !columns.containsKey(unique)
                  && derived(unique).stream()
                      .noneMatch(d -> reserved.contains(d) || columns.containsKey(d));
          if (free) {
            break;
          }
        }
        warnings.add(
            "metric "
                + name
                + " is named as a column openai-ft makes (metrics.csv); kept as "
                + unique);
        reserved.addAll(derived(unique));
      }
      used.add(unique);
      out.put(unique, c.getValue());
      outSources.put(unique, sources.get(name));
    }
    return new MergedMetrics(steps, out, outSources, totalSteps, List.copyOf(warnings));
  }

  private static void addPoint(List<Point> into, long step, String key, Object value) {
    if (Canonical.EVENT_NON_METRICS.contains(key) || !(value instanceof Number n)) {
      return;
    }
    double v = n.doubleValue();
    if (!Double.isFinite(v)) {
      return;
    }
    into.add(new Point(step, Canonical.EVENT_KEYS.getOrDefault(key, key), key, v));
  }

  private static double[] expand(long[] from, double[] values, long[] to) {
    double[] out = new double[to.length];
    int j = 0;
    for (int i = 0; i < to.length; i++) {
      if (j < from.length && from[j] == to[i]) {
        out[i] = values[j++];
      } else {
        out[i] = Double.NaN;
      }
    }
    return out;
  }

  /** The last step with any value, 0 when there is none. */
  long lastStep() {
    return steps.length == 0 ? 0 : steps[steps.length - 1];
  }
}
