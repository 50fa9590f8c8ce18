package dev.openaift.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.io.Json;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.MetricSeries;
import dev.openaift.plot.Downsample;
import dev.openaift.plot.Figure;
import dev.openaift.plot.Style;
import dev.openaift.plot.Trace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The interactive layer of {@code index.html}: every figure of the plan as data for uPlot (inlined
 * from its WebJar, no URL), drawn by {@code interactive.js} beside this class. Built from the drawn
 * {@link Figure} of each plan, trace by trace, so any figure the planner adds is interactive
 * without code here; a smoothed line whose metric is known also carries what the page's smoothing
 * slider needs.
 *
 * <p>Size is bounded: every line or point series is reduced to at most {@code 2 * columns + 2}
 * points (min and max per pixel column, {@link Downsample#minMax}), bands to {@code columns} (their
 * envelope). A smoothed line is computed on the full data (by the analysis), then sampled at the
 * steps kept for its raw series, so at the report's own weight the page draws exactly the values of
 * {@code summary.json} and {@code metrics.csv}. For another weight the page smooths again from, per
 * kept point, the count and mean of the raw points since the previous kept point: exact when
 * nothing was reduced (every count is 1), an approximation otherwise (each run of points is treated
 * as that many copies of its mean, so the result is exact at the kept steps only when a run is
 * short against {@code 1 / (1 - w)} steps). The page says which it is.
 */
final class InteractiveFigures {
  private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
  private static final String POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final ObjectMapper JSON = Json.mapper();

  /**
   * Writes the figures' numbers by Schubfach (the shortest decimal that reads back, as metrics.csv
   * writes them and as Java 19's {@code Double.toString} does) instead of Java 17's {@code
   * Double.toString}, whose big-integer path takes most values below 1e-3 (a learning-rate
   * figure's).
   */
  private static final ObjectWriter WRITER =
      JSON.writer().with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);

  private InteractiveFigures() {}

  /**
   * A figure to make interactive.
   *
   * @param id the figure's id: the page's element {@code [data-figure=id]} receives it
   * @param figure what is drawn
   * @param smoothable for a smoothed trace, the raw series it was smoothed from (so the slider can
   *     smooth again), or null when it cannot be
   */
  record Drawn(String id, Figure figure, Function<Trace, Smoothable> smoothable) {}

  /**
   * The raw points a smoothed trace was computed from, with its smoothed values.
   *
   * @param x the x of each point as drawn (steps, or another axis), ascending
   * @param raw the raw values
   * @param smoothed the smoothed values at the report's weight, same length
   */
  record Smoothable(double[] x, double[] raw, double[] smoothed) {}

  /** What the job report's page inlines, as finished text; library parts are read once per JVM. */
  static ReportView.Interactive view(
      List<FigurePlan> plans, JobAnalysis analysis, StepAxis axis, int columns) {
    return view(analysis.smoothingWeight(), drawn(plans, analysis, axis), columns);
  }

  /** What a page with these figures inlines. */
  static ReportView.Interactive view(double weight, List<Drawn> figures, int columns) {
    Library lib = Library.get();
    return new ReportView.Interactive(
        lib.js,
        lib.css,
        lib.licence,
        "uPlot " + lib.version,
        Resources.SCRIPT,
        Resources.CSS,
        scriptSafe(data(weight, figures, columns)),
        FigurePlan.trim(weight));
  }

  /** The plan's figures, each smoothed line tied to its metric. */
  static List<Drawn> drawn(List<FigurePlan> plans, JobAnalysis analysis, StepAxis axis) {
    return plans.stream()
        .map(
            p ->
                new Drawn(
                    p.id(), p.toFigure(analysis, axis), t -> smoothedSource(p, t, analysis, axis)))
        .toList();
  }

  static String data(List<FigurePlan> plans, JobAnalysis analysis, int columns) {
    return data(analysis.smoothingWeight(), drawn(plans, analysis, new StepAxis()), columns);
  }

  /**
   * The figures as JSON: {@code {weight, figures: [{id, title, xLabel, yLabel, epochEnds,
   * traces}]}}.
   */
  static String data(double weight, List<Drawn> drawn, int columns) {
    ObjectNode root = JSON.createObjectNode();
    root.put("weight", weight);
    ArrayNode figures = root.putArray("figures");
    Picks picks = new Picks();
    for (Drawn d : drawn) {
      Figure figure = d.figure();
      ObjectNode f = figures.addObject();
      f.put("id", d.id());
      f.put("title", figure.title());
      f.put("xLabel", figure.xLabel());
      f.put("yLabel", figure.yLabel());
      ArrayNode epochs = f.putArray("epochEnds");
      figure.verticalLines().forEach(epochs::add);
      ArrayNode traces = f.putArray("traces");
      for (Trace t : figure.traces()) {
        if (t.size() == 0) {
          continue;
        }
        ObjectNode o = traces.addObject();
        o.put("label", t.name());
        o.put("style", t.style().name());
        o.put("color", t.color());
        if (t.style().marker() != null) {
          o.put("marker", t.style().marker().word());
        }
        Smoothable source =
            t.style() == Style.SMOOTH_LINE && d.smoothable() != null
                ? d.smoothable().apply(t)
                : null;
        if (source != null) {
          smoothed(o, source, columns, picks);
        } else {
          plain(o, t, columns, picks);
        }
      }
    }
    try {
      return WRITER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the figure data: " + e.getMessage(), e);
    }
  }

  /** The metric a smoothed trace of a job report was computed from, when the plan names it. */
  private static Smoothable smoothedSource(
      FigurePlan plan, Trace t, JobAnalysis analysis, StepAxis axis) {
    for (FigurePlan.Layer layer : plan.layers()) {
      if (layer.style() == Style.SMOOTH_LINE
          && !layer.literal()
          && layer.label().equals(t.name())) {
        MetricSeries s = analysis.series(layer.metric());
        if (s != null && s.smoothed() != null && s.smoothed().length == s.size()) {
          return new Smoothable(axis.of(s.steps()), s.values(), s.smoothed());
        }
      }
    }
    return null;
  }

  /**
   * {@link Downsample#minMax}'s points per pair of arrays (by identity) within one page: a smoothed
   * line keeps the points of its raw line, the same arrays, so they are picked once (a pass over a
   * million points each time).
   */
  private static final class Picks {
    private final Map<List<Object>, int[]> kept = new HashMap<>();

    int[] minMax(double[] x, double[] y, int columns) {
      // a List of arrays is equal to another holding the same array objects
      return kept.computeIfAbsent(List.of(x, y, columns), k -> Downsample.minMax(x, y, columns));
    }
  }

  private static void plain(ObjectNode o, Trace t, int columns, Picks picks) {
    switch (t.style()) {
      case BAND -> {
        double[][] env = Downsample.envelope(t.x(), t.y(), t.upper(), columns);
        numbers(o.putArray("x"), env[0]);
        numbers(o.putArray("y"), env[1]);
        numbers(o.putArray("upper"), env[2]);
      }
      case CHECKPOINTS, HIGHLIGHT -> {
        numbers(o.putArray("x"), t.x());
        numbers(o.putArray("y"), t.y());
      }
      default -> {
        int[] keep = picks.minMax(t.x(), t.y(), columns);
        numbers(o.putArray("x"), Downsample.pick(t.x(), keep));
        numbers(o.putArray("y"), Downsample.pick(t.y(), keep));
      }
    }
  }

  /**
   * A smoothed line: the exact smoothed values at the steps kept for its raw series, the raw values
   * there, and per kept point the count and mean of the raw points it stands for.
   */
  private static void smoothed(ObjectNode o, Smoothable s, int columns, Picks picks) {
    double[] x = s.x();
    int[] keep = picks.minMax(x, s.raw(), columns);
    ArrayNode xs = o.putArray("x");
    ArrayNode ys = o.putArray("y");
    ArrayNode raw = o.putArray("raw");
    ArrayNode counts = o.putArray("n");
    ArrayNode means = o.putArray("m");
    boolean reduced = false;
    int from = 0;
    for (int k : keep) {
      double sum = 0;
      int n = 0;
      for (int i = from; i <= k; i++) {
        if (Double.isFinite(s.raw()[i])) {
          sum += s.raw()[i];
          n++;
        }
      }
      from = k + 1;
      reduced |= n > 1;
      number(xs, x[k]);
      number(ys, s.smoothed()[k]);
      number(raw, s.raw()[k]);
      counts.add(n);
      // a run of one point is its own value, bit for bit, so an unreduced series re-smooths exactly
      number(means, n == 1 ? s.raw()[k] : sum / n);
    }
    o.put("reduced", reduced);
  }

  private static void numbers(ArrayNode a, double[] values) {
    for (double v : values) {
      number(a, v);
    }
  }

  private static void number(ArrayNode a, double v) {
    if (!Double.isFinite(v)) {
      a.addNull();
    } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      a.add((long) v);
    } else {
      a.add(v);
    }
  }

  /**
   * JSON that can sit inside a {@code <script>} element: {@code <}, {@code >} and {@code &} become
   * unicode escapes (valid JSON), so no text in the data can close the element.
   */
  static String scriptSafe(String json) {
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i < json.length(); i++) {
      String escape =
          switch (json.charAt(i)) {
            case '<' -> "\\u003c";
            case '>' -> "\\u003e";
            case '&' -> "\\u0026";
            case '\u2028' -> "\\u2028";
            case '\u2029' -> "\\u2029";
            default -> null;
          };
      if (escape != null) {
        if (out == null) {
          out = new StringBuilder(json.length() + 16);
        }
        out.append(json, copied, i).append(escape);
        copied = i + 1;
      }
    }
    // the figures' numbers and most labels hold none: the text as it is, not copied char by char
    return out == null ? json : out.append(json, copied, json.length()).toString();
  }

  /** uPlot's script, style sheet and licence, read from its WebJar. */
  private record Library(String version, String js, String css, String licence) {
    private static volatile Library instance;

    static Library get() {
      Library l = instance;
      if (l == null) {
        l = load();
        instance = l;
      }
      return l;
    }

    private static Library load() {
      Properties pom = new Properties();
      try (InputStream in = resource(POM)) {
        pom.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read uPlot's version from its WebJar: " + e.getMessage(), e);
      }
      String version = pom.getProperty("version");
      String base = WEBJAR + version + "/";
      // the banner comment names the project's web address: the page holds no URL, so it is
      // replaced
      String js =
          text(base + "dist/uPlot.iife.min.js")
              .replaceFirst(
                  "^/\\*!.*?\\*/",
                  "/* uPlot " + version + ", MIT licence (its text is at the end of this page) */");
      String css = text(base + "dist/uPlot.min.css");
      String licence = text(base + "LICENSE").strip();
      for (String part : List.of(js, css)) {
        String lower = part.toLowerCase(Locale.ROOT);
        if (lower.contains("</script") || lower.contains("</style") || lower.contains("://")) {
          throw new IllegalStateException(
              "uPlot " + version + " cannot be inlined as it is (it holds a URL or a closing tag)");
        }
      }
      return new Library(version, js, css, licence);
    }

    private static InputStream resource(String path) throws IOException {
      InputStream in = InteractiveFigures.class.getClassLoader().getResourceAsStream(path);
      if (in == null) {
        throw new IOException(path + " is not on the class path");
      }
      return in;
    }

    private static String text(String path) {
      try (InputStream in = resource(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }
  }

  /** Our own script and style sheet, beside this class. */
  private static final class Resources {
    static final String SCRIPT = read("interactive.js");
    static final String CSS = read("interactive.css");

    private static String read(String name) {
      try (InputStream in = InteractiveFigures.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException(name + " is missing from the jar");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
      }
    }
  }
}
