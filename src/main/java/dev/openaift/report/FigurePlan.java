package dev.openaift.report;

import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.MetricSeries;
import dev.openaift.plot.Figure;
import dev.openaift.plot.Style;
import dev.openaift.plot.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One figure of the report described by what it draws, so the PNG (through {@link Figure}) and the
 * notebook's matplotlib code come from the same decisions.
 *
 * @param id file-name-safe id ({@code loss}, {@code accuracy}, ...)
 * @param title chart title
 * @param yLabel y axis title
 * @param layers back to front
 * @param epochEnds dashed vertical lines
 */
record FigurePlan(
    String id, String title, String yLabel, List<Layer> layers, List<Long> epochEnds) {

  /**
   * One drawn thing. Column-backed layers name a metric (its {@code metrics.csv} column); literal
   * layers (checkpoints) carry their points.
   *
   * @param style how it is drawn: {@link Style#RAW_LINE}, {@link Style#RAW_POINTS}, {@link
   *     Style#LINE} and {@link Style#MARKERS} draw the raw values, {@link Style#SMOOTH_LINE} the
   *     EMA, {@link Style#BAND} the rolling mean ± std, {@link Style#CHECKPOINTS} and {@link
   *     Style#HIGHLIGHT} the literal points
   * @param metric the series name, or null for literal layers
   */
  record Layer(Style style, String metric, String label, String color, double[] x, double[] y) {
    static Layer column(Style style, String metric, String label, String color) {
      return new Layer(style, metric, label, color, null, null);
    }

    boolean literal() {
      return metric == null;
    }
  }

  /**
   * The drawable figure, with the arrays taken from the analysis and the steps from {@code axis}.
   */
  Figure toFigure(JobAnalysis analysis, StepAxis axis) {
    List<Trace> traces = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer.literal()) {
        traces.add(Trace.of(layer.label(), layer.x(), layer.y(), layer.style(), layer.color()));
        continue;
      }
      MetricSeries s = analysis.series(layer.metric());
      if (s == null) {
        continue;
      }
      double[] x = axis.of(s.steps());
      switch (layer.style()) {
        case SMOOTH_LINE ->
            traces.add(Trace.of(layer.label(), x, s.smoothed(), layer.style(), layer.color()));
        case BAND -> {
          double[] lo = new double[x.length];
          double[] hi = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            lo[i] = s.rollingMean()[i] - s.rollingStd()[i];
            hi[i] = s.rollingMean()[i] + s.rollingStd()[i];
          }
          traces.add(Trace.band(layer.label(), x, lo, hi, layer.color()));
        }
        default -> traces.add(Trace.of(layer.label(), x, s.values(), layer.style(), layer.color()));
      }
    }
    List<Double> lines = epochEnds.stream().map(Long::doubleValue).toList();
    return new Figure(title, "step", yLabel, traces, lines);
  }

  /** Short lines saying what was computed, for the HTML {@code In [n]} caption. */
  List<String> caption(double smoothingWeight, int rollingWindow) {
    Map<String, List<String>> perMetric = new LinkedHashMap<>();
    for (Layer layer : layers) {
      if (!layer.literal() && layer.style() != Style.BAND) {
        perMetric.computeIfAbsent(layer.metric(), k -> new ArrayList<>());
      }
    }
    List<String> tail = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer.literal()) {
        // the shape as every drawing of it draws it (Style.marker)
        String shape = layer.style().marker().word();
        tail.add(
            layer.style() == Style.HIGHLIGHT
                ? layer.label().toLowerCase(Locale.ROOT) + " (" + shape + ")"
                : layer.label().toLowerCase(Locale.ROOT)
                    + ": "
                    + layer.x().length
                    + " ("
                    + shape
                    + "s)");
        continue;
      }
      String what =
          switch (layer.style()) {
            case RAW_LINE -> "raw (faint)";
            case RAW_POINTS -> "raw points";
            case LINE -> "as logged (a schedule: not smoothed)";
            case SMOOTH_LINE -> String.format(Locale.ROOT, "ema(w=%s)", trim(smoothingWeight));
            case BAND -> "rolling mean ± 1 std (window " + rollingWindow + ")";
            default -> "markers, as measured";
          };
      perMetric.computeIfAbsent(layer.metric(), k -> new ArrayList<>()).add(what);
    }
    List<String> out = new ArrayList<>();
    perMetric.forEach((metric, whats) -> out.add(metric + " → " + String.join(" + ", whats)));
    out.addAll(tail);
    if (!epochEnds.isEmpty()) {
      out.add(
          epochEnds.size() <= 12
              ? "epoch ends (dashed) at steps "
                  + String.join(", ", epochEnds.stream().map(String::valueOf).toList())
              : epochEnds.size() + " epoch ends (dashed)");
    }
    return out;
  }

  /** Matplotlib's {@code figsize=(W, H)}, in inches at 100 dpi, for the report's figure size. */
  static String figsize(ReportOptions options) {
    return "figsize=("
        + trim(options.figureWidth() / 100.0)
        + ", "
        + trim(options.figureHeight() / 100.0)
        + ")";
  }

  static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s + "0" : s;
  }
}
