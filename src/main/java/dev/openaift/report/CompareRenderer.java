package dev.openaift.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.Json;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.MetricSeries;
import dev.openaift.metrics.MetricStats;
import dev.openaift.plot.Figure;
import dev.openaift.plot.FigureRenderer;
import dev.openaift.plot.Palette;
import dev.openaift.plot.Style;
import dev.openaift.plot.Trace;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders a {@link Comparison} in memory: {@code index.html} (interactive like a job report),
 * {@code report.ipynb} and {@code compare.json}. Each job's smoothed curves on shared axes (by
 * step, fraction of training or tokens), its full-validation points and best checkpoint marked;
 * then one table with a column per job (settings, data, size, cost, time, results, evaluations)
 * whose rows that differ between jobs are highlighted and named.
 */
public final class CompareRenderer {
  public static final String JSON_FILE = "compare.json";
  static final String TEMPLATE = "compare.ftlh";

  private static final ObjectMapper JSON = Json.mapper();

  /** The curves compared: loss, then accuracy; training and minibatch validation of each. */
  private static final List<Pair> PAIRS =
      List.of(
          new Pair("loss", "Training loss", "loss", "train_loss", "full_valid_loss", true),
          new Pair("valid-loss", "Validation loss", "loss", "valid_loss", "full_valid_loss", false),
          new Pair(
              "accuracy",
              "Training token accuracy",
              "accuracy",
              "train_accuracy",
              "full_valid_accuracy",
              false),
          new Pair(
              "valid-accuracy",
              "Validation token accuracy",
              "accuracy",
              "valid_accuracy",
              "full_valid_accuracy",
              false));

  private record Pair(
      String id, String title, String yLabel, String metric, String full, boolean checkpoints) {}

  /**
   * One row of the side-by-side table.
   *
   * @param values one cell per job; {@link Text#MISSING} where the job's value is unknown or absent
   * @param setting whether the row is compared between the jobs: what the jobs were asked to do and
   *     where (settings, data, provider, tier) and the cost that follows from them; results (steps,
   *     tokens, times, metrics, evaluations) are not, as they differ between any two runs
   */
  record Row(String group, String label, List<String> values, boolean setting) {
    /**
     * Whether a compared row differs between the jobs. The one rule: the cells differ when their
     * texts are not all the same, an unknown value ({@link Text#MISSING}) being a value of its own;
     * a value known for one job and unknown for another differs (nothing says they are the same),
     * two unknowns do not. Data files are the same data when every job's copy has the same sha256,
     * whatever their ids (a job and its re-run on another service upload the same bytes under new
     * ids); without a hash for each, their cells are compared by the rule.
     */
    boolean differs() {
      if (!setting) {
        return false;
      }
      boolean hashed = values.stream().allMatch(v -> v.contains(HASHED));
      return new TreeSet<>(
                  hashed
                      ? values.stream().map(v -> v.substring(v.indexOf(HASHED))).toList()
                      : values)
              .size()
          > 1;
    }
  }

  /** How a data file's cell names the hash of its content ({@code file-abc · sha256 ...}). */
  public static final String HASHED = " · sha256 ";

  /**
   * The compare page's model.
   *
   * @param title page title
   * @param jobs the compared jobs, in order: each one's label and full id
   * @param axis the x axis, in words
   * @param differences the settings that differ (row labels), or empty
   * @param cells figures, then the table
   * @param smoothingWeight the EMA weight, as text
   * @param generator footer line
   * @param interactive the interactive figures, or null
   */
  public record CompareView(
      String title,
      List<String> jobs,
      String axis,
      List<String> differences,
      List<ReportView.Cell> cells,
      String smoothingWeight,
      String generator,
      ReportView.Interactive interactive) {}

  private CompareRenderer() {}

  /** index.html, report.ipynb and compare.json as requested by {@code options}. */
  public static SortedMap<String, byte[]> render(Comparison c, ReportOptions options) {
    List<Figure> figures = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Map<Trace, InteractiveFigures.Smoothable> sources = new IdentityHashMap<>();
    List<String> notebookCode = new ArrayList<>();
    for (Pair p : PAIRS) {
      Figure f = figure(c, p, sources);
      if (f != null) {
        figures.add(f);
        ids.add(p.id());
        notebookCode.add(notebookCode(c, p, options));
      }
    }
    List<byte[]> pngs = FigureRenderer.pngs(figures, options.figureWidth(), options.figureHeight());
    List<Row> rows = rows(c);
    List<String> differences = rows.stream().filter(Row::differs).map(Row::label).toList();
    SortedMap<String, byte[]> files = new TreeMap<>();
    if (options.wants(ReportFormat.HTML)) {
      List<ReportView.Cell> cells = new ArrayList<>();
      for (int i = 0; i < figures.size(); i++) {
        Figure f = figures.get(i);
        String uri = "data:image/png;base64," + Base64.getEncoder().encodeToString(pngs.get(i));
        cells.add(
            new ReportView.Cell(
                cells.size() + 1,
                ids.get(i),
                f.title(),
                caption(c, f),
                "figure",
                new ReportView.FigureOut(
                    uri,
                    f.title() + " of " + c.members().size() + " jobs",
                    options.figureWidth(),
                    options.figureHeight(),
                    "figures/" + ids.get(i) + ".png"),
                null,
                null,
                null));
      }
      cells.add(
          new ReportView.Cell(
              cells.size() + 1,
              "jobs",
              "Side by side",
              List.of("one column per job; highlighted rows: settings (and cost) that differ"),
              "table",
              null,
              table(c, rows),
              null,
              null));
      List<InteractiveFigures.Drawn> drawn = new ArrayList<>();
      for (int i = 0; i < figures.size(); i++) {
        drawn.add(new InteractiveFigures.Drawn(ids.get(i), figures.get(i), sources::get));
      }
      CompareView view =
          new CompareView(
              title(c),
              subtitle(c.members()),
              c.axis().label(),
              differences,
              cells,
              FigurePlan.trim(c.weight()),
              "Generated by openai-ft from the jobs' archived files. Times are UTC.",
              figures.isEmpty()
                  ? null
                  : InteractiveFigures.view(c.weight(), drawn, options.figureWidth()));
      files.put(
          ReportRenderer.HTML_FILE,
          HtmlRenderer.process(
              HtmlRenderer.configuration(options.templatesDir()), TEMPLATE, view, 64 * 1024));
    }
    if (options.wants(ReportFormat.IPYNB)) {
      NotebookWriter nb = NotebookWriter.empty();
      nb.markdown(
          "title",
          "# "
              + Text.markdown(title(c))
              + "\n\n"
              + (differences.isEmpty()
                  ? "The jobs' settings are the same."
                  : "Settings that differ: "
                      + Text.markdown(String.join(", ", differences))
                      + "."));
      nb.markdown("table", markdownTable(c, rows));
      nb.code("setup", "import matplotlib.pyplot as plt\nimport pandas as pd\n", List.of());
      for (int i = 0; i < figures.size(); i++) {
        nb.markdown("h-" + ids.get(i), "## " + Text.markdown(figures.get(i).title()));
        nb.figure("fig-" + ids.get(i), notebookCode.get(i), pngs.get(i), options);
      }
      files.put(ReportRenderer.NOTEBOOK_FILE, nb.json());
    }
    if (options.wants(ReportFormat.JSON)) {
      files.put(JSON_FILE, json(c, rows, differences));
    }
    if (options.wants(ReportFormat.PNG)) {
      for (int i = 0; i < figures.size(); i++) {
        files.put(ReportRenderer.FIGURES_DIR + ids.get(i) + ".png", pngs.get(i));
      }
    }
    return files;
  }

  /** Each job as its label and full id ({@code support-bot = ftjob-...}), or its id alone. */
  private static List<String> subtitle(List<Comparison.Member> ms) {
    List<String> labels = labels(ms);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ms.size(); i++) {
      String id = ms.get(i).id();
      out.add(labels.get(i).equals(id) ? id : labels.get(i) + " = " + id);
    }
    return out;
  }

  static String title(Comparison c) {
    return "Comparison of " + c.members().size() + " fine-tuning jobs";
  }

  /** The fewest characters of a job id's end that {@link #labels} starts from. */
  static final int SHORT_ID = 8;

  /**
   * How legends and column headings name each job: its suffix when every compared job has one and
   * no two share it; else the end of its id ({@value #SHORT_ID} characters, the part a fine-tuned
   * model's name repeats; longer where two ends are the same). Unique among the jobs shown; the
   * page lists the full ids beside them.
   */
  static List<String> labels(List<Comparison.Member> ms) {
    List<String> suffixes = new ArrayList<>();
    for (Comparison.Member m : ms) {
      String s = job(m) == null ? null : job(m).suffix();
      suffixes.add(s == null || s.isBlank() ? null : s.strip());
    }
    if (!suffixes.contains(null) && new TreeSet<>(suffixes).size() == ms.size()) {
      return suffixes;
    }
    List<String> ids = ms.stream().map(Comparison.Member::id).toList();
    int longest = ids.stream().mapToInt(String::length).max().orElse(0);
    for (int n = SHORT_ID; n < longest; n++) {
      List<String> ends = new ArrayList<>();
      for (String id : ids) {
        ends.add(id.length() <= n ? id : "…" + id.substring(id.length() - n));
      }
      if (new TreeSet<>(ends).size() == ids.size()) {
        return ends;
      }
    }
    return ids;
  }

  /** The figure of one metric for every job that has it, or null when none has. */
  private static Figure figure(
      Comparison c, Pair p, Map<Trace, InteractiveFigures.Smoothable> sources) {
    List<Trace> lines = new ArrayList<>();
    List<Trace> marks = new ArrayList<>();
    List<String> labels = labels(c.members());
    int i = 0;
    for (Comparison.Member m : c.members()) {
      String label = labels.get(i);
      String color = Palette.cycle(i++);
      JobAnalysis a = m.analysis();
      double scale = c.axis().scale(a);
      MetricSeries s = a.series(p.metric());
      if (s != null && s.size() > 0) {
        double[] x = scaled(s, scale);
        Trace t =
            Trace.of(
                label + " " + p.metric().replace('_', ' ') + ", EMA " + FigurePlan.trim(c.weight()),
                x,
                s.smoothed(),
                Style.SMOOTH_LINE,
                color);
        lines.add(t);
        sources.put(t, new InteractiveFigures.Smoothable(x, s.values(), s.smoothed()));
      }
      MetricSeries full = a.series(p.full());
      if (full != null && full.size() > 0) {
        marks.add(
            Trace.of(
                label + " " + p.full().replace('_', ' '),
                scaled(full, scale),
                full.values(),
                Style.MARKERS,
                color));
      }
      Checkpoint best = a.bestCheckpoint();
      if (p.checkpoints() && best != null) {
        double y = Analyzer.fullValidLossOf(best, a);
        if (Double.isFinite(y)) {
          marks.add(
              Trace.of(
                  label + " best checkpoint (step " + best.stepNumber() + ")",
                  new double[] {best.stepNumber() * scale},
                  new double[] {y},
                  Style.HIGHLIGHT,
                  color));
        }
      }
    }
    if (lines.isEmpty()) {
      return null;
    }
    List<Trace> all = new ArrayList<>(lines);
    all.addAll(marks);
    return new Figure(
        p.title() + " by " + c.axis().name().toLowerCase(Locale.ROOT),
        c.axis().label(),
        p.yLabel(),
        all,
        List.of());
  }

  private static double[] scaled(MetricSeries s, double scale) {
    double[] x = new double[s.size()];
    for (int k = 0; k < x.length; k++) {
      x[k] = s.steps()[k] * scale;
    }
    return x;
  }

  private static List<String> caption(Comparison c, Figure f) {
    List<String> out = new ArrayList<>();
    out.add(
        "per job: ema(w="
            + FigurePlan.trim(c.weight())
            + ") line, full validation points ("
            + Style.MARKERS.marker().word()
            + "s)"
            + (f.traces().stream().anyMatch(t -> t.style() == Style.HIGHLIGHT)
                ? ", best checkpoint (" + Style.HIGHLIGHT.marker().word() + ")"
                : ""));
    out.add("x: " + c.axis().label());
    return out;
  }

  /**
   * The side-by-side rows: settings (compared), then data, size, cost, time, results, evaluations.
   */
  static List<Row> rows(Comparison c) {
    List<Row> rows = new ArrayList<>();
    List<Comparison.Member> ms = c.members();
    setting(rows, "job", "id", ms, Comparison.Member::id, false);
    setting(rows, "job", "status", ms, m -> job(m) == null ? null : job(m).status(), false);
    setting(rows, "settings", "base model", ms, m -> job(m) == null ? null : job(m).model(), true);
    setting(rows, "settings", "method", ms, m -> job(m) == null ? null : job(m).methodType(), true);
    // where and how it trained: an OpenAI job and its Azure re-run differ here even when every
    // other setting is the same (each folder's source.json; the tier from retrain.json)
    setting(rows, "settings", "provider", ms, Comparison.Member::provider, true);
    setting(rows, "settings", "API host", ms, Comparison.Member::host, true);
    setting(rows, "settings", "training tier", ms, Comparison.Member::trainingTier, true);
    setting(rows, "settings", "suffix", ms, m -> job(m) == null ? null : job(m).suffix(), true);
    setting(
        rows,
        "settings",
        "seed",
        ms,
        m -> job(m) == null || job(m).seed() == null ? null : job(m).seed().toString(),
        true);
    TreeSet<String> hyper = new TreeSet<>();
    ms.forEach(
        m -> {
          if (job(m) != null) {
            hyper.addAll(job(m).hyperparameters().keySet());
          }
        });
    for (String h : hyper) {
      setting(
          rows,
          "hyperparameters",
          h,
          ms,
          m -> job(m) == null ? null : job(m).hyperparameters().get(h),
          true);
    }
    TreeSet<String> files = new TreeSet<>();
    ms.forEach(m -> files.addAll(m.dataFiles().keySet()));
    for (String f : files) {
      setting(rows, "data", f, ms, m -> m.dataFiles().get(f), true);
    }
    // a job re-run by `openai-ft retrain` names its origin (lifecycle.Retrain.ORIGIN_KEY)
    setting(
        rows,
        "job",
        "retrained from",
        ms,
        m -> job(m) == null ? null : job(m).metadata().get("retrained_from"),
        false);
    setting(
        rows,
        "job",
        "fine-tuned model",
        ms,
        m -> job(m) == null ? null : job(m).fineTunedModel(),
        false);
    setting(
        rows,
        "job",
        "created",
        ms,
        m -> job(m) == null || job(m).createdAt() == null ? null : Text.time(job(m).createdAt()),
        false);
    setting(rows, "size", "steps", ms, m -> Text.integer(m.analysis().steps()), false);
    setting(
        rows,
        "size",
        "epochs",
        ms,
        m ->
            m.analysis().epochEnds().isEmpty()
                ? null
                : Integer.toString(m.analysis().epochEnds().size()),
        false);
    setting(
        rows,
        "size",
        "trained tokens",
        ms,
        m ->
            job(m) == null || job(m).trainedTokens() == null
                ? null
                : Text.integer(job(m).trainedTokens()),
        false);
    // compared: the cost follows from the settings (provider, model, data, epochs), and a job
    // another provider trained has none from the table, which is a difference to see
    setting(rows, "cost", "training cost (price table)", ms, Comparison.Member::cost, true);
    for (String d : List.of("queued", "training", "total")) {
      setting(
          rows,
          "time",
          d,
          ms,
          m ->
              m.analysis().durations().get(d) == null
                  ? null
                  : Text.duration(m.analysis().durations().get(d)),
          false);
    }
    for (String metric :
        List.of(
            "train_loss",
            "valid_loss",
            "full_valid_loss",
            "train_accuracy",
            "valid_accuracy",
            "full_valid_accuracy")) {
      if (ms.stream().noneMatch(m -> stats(m, metric) != null)) {
        continue;
      }
      setting(
          rows,
          "results",
          metric + " final",
          ms,
          m -> stats(m, metric) == null ? null : Text.number(stats(m, metric).last()),
          false);
      setting(
          rows,
          "results",
          metric + " smoothed final (EMA " + FigurePlan.trim(c.weight()) + ")",
          ms,
          m -> {
            MetricSeries s = m.analysis().series(metric);
            return s == null || s.size() == 0 ? null : Text.number(s.smoothed()[s.size() - 1]);
          },
          false);
      boolean loss = metric.endsWith("loss");
      setting(
          rows,
          "results",
          metric + (loss ? " best (lowest)" : " best (highest)"),
          ms,
          m -> {
            MetricStats st = stats(m, metric);
            return st == null
                ? null
                : loss
                    ? Text.number(st.min()) + " at step " + st.minStep()
                    : Text.number(st.max()) + " at step " + st.maxStep();
          },
          false);
    }
    setting(
        rows,
        "results",
        "best checkpoint",
        ms,
        m ->
            m.analysis().bestCheckpoint() == null
                ? null
                : "step " + m.analysis().bestCheckpoint().stepNumber(),
        false);
    TreeSet<String> evals = new TreeSet<>();
    ms.forEach(m -> evals.addAll(m.evaluation().keySet()));
    for (String e : evals) {
      setting(rows, "evaluation", e, ms, m -> evaluationValue(m.evaluation().get(e)), false);
    }
    return rows;
  }

  /**
   * A value read from an evaluation file, as the page shows numbers and times: a fraction to 4
   * decimals ({@code 0.5225832760761275} -> {@code 0.5226}; {@code 0.75} stays), integers as they
   * are, a time ({@code 2026-12-07T03:04:05.522583276Z}) to the second in UTC; other text as it is.
   */
  static String evaluationValue(String v) {
    if (v == null || v.isBlank()) {
      return v;
    }
    try {
      java.math.BigDecimal d = new java.math.BigDecimal(v.strip());
      if (d.scale() <= 4 || d.abs().compareTo(java.math.BigDecimal.valueOf(1000)) >= 0) {
        return d.scale() <= 4 ? v.strip() : Text.number(d.doubleValue());
      }
      if (d.abs().compareTo(new java.math.BigDecimal("0.001")) < 0 && d.signum() != 0) {
        return Text.number(d.doubleValue());
      }
      return d.setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException notANumber) {
      // not a number: perhaps a time
    }
    try {
      return Text.time(java.time.Instant.parse(v.strip()).getEpochSecond());
    } catch (java.time.format.DateTimeParseException notATime) {
      return v;
    }
  }

  private static Job job(Comparison.Member m) {
    return m.analysis().job();
  }

  private static MetricStats stats(Comparison.Member m, String metric) {
    MetricStats st = m.analysis().stats().get(metric);
    return st == null || st.points() == 0 ? null : st;
  }

  private static void setting(
      List<Row> rows,
      String group,
      String label,
      List<Comparison.Member> ms,
      java.util.function.Function<Comparison.Member, String> value,
      boolean setting) {
    List<String> values = new ArrayList<>();
    boolean any = false;
    for (Comparison.Member m : ms) {
      String v = value.apply(m);
      any |= v != null && !v.isBlank();
      values.add(v == null || v.isBlank() ? Text.MISSING : v);
    }
    if (any) {
      rows.add(new Row(group, label, values, setting));
    }
  }

  private static ReportView.Table table(Comparison c, List<Row> rows) {
    List<ReportView.Column> columns = new ArrayList<>();
    columns.add(new ReportView.Column("", false));
    for (String label : labels(c.members())) {
      columns.add(new ReportView.Column(label, false));
    }
    List<ReportView.Row> out = new ArrayList<>();
    for (Row r : rows) {
      List<String> cells = new ArrayList<>();
      cells.add(r.group() + " · " + r.label());
      cells.addAll(r.values());
      out.add(new ReportView.Row(cells, r.differs(), r.differs() ? "differs" : null));
    }
    return new ReportView.Table(
        columns,
        out,
        "Costs are the price table's training rate times the trained tokens;"
            + " sha256 is shown for data files whose copy is in the job's folder.");
  }

  private static String markdownTable(Comparison c, List<Row> rows) {
    StringBuilder b = new StringBuilder("| |");
    labels(c.members()).forEach(l -> b.append(' ').append(Text.markdown(l)).append(" |"));
    b.append("\n|---|");
    c.members().forEach(m -> b.append("---|"));
    for (Row r : rows) {
      b.append("\n| ")
          .append(
              r.differs()
                  ? "**" + Text.markdown(r.label()) + "** (differs)"
                  : Text.markdown(r.group() + " · " + r.label()))
          .append(" |");
      r.values().forEach(v -> b.append(' ').append(Text.markdown(v)).append(" |"));
    }
    return b.toString();
  }

  /**
   * The notebook's code for one figure: each job's metrics.csv (written by its report), smoothed
   * with pandas' {@code ewm(alpha=1-w, adjust=True)}, which is the same debiased EMA.
   */
  private static String notebookCode(Comparison c, Pair p, ReportOptions options) {
    StringBuilder b = new StringBuilder();
    b.append("w = ").append(Text.python(c.weight())).append("  # EMA weight, as the report's\n");
    b.append("jobs = [  # (label, metrics.csv, x per step)\n");
    List<String> labels = labels(c.members());
    for (int i = 0; i < c.members().size(); i++) {
      Comparison.Member m = c.members().get(i);
      String csv = m.metricsCsv();
      b.append("    (")
          .append(Text.pythonString(labels.get(i)))
          .append(", ")
          .append(Text.pythonString(csv))
          .append(", ")
          .append(Text.python(c.axis().scale(m.analysis())))
          .append("),\n");
    }
    b.append("]\n");
    b.append(
        String.format(Locale.ROOT, "fig, ax = plt.subplots(%s)%n", FigurePlan.figsize(options)));
    b.append("for label, path, per_step in jobs:\n");
    b.append("    m = pd.read_csv(path)\n");
    b.append("    if ").append(Text.pythonString(p.metric())).append(" in m:\n");
    b.append("        s = m[[\"step\", ")
        .append(Text.pythonString(p.metric()))
        .append("]].dropna()\n");
    b.append("        line, = ax.plot(s[\"step\"] * per_step, s[")
        .append(Text.pythonString(p.metric()))
        .append("].ewm(alpha=1 - w, adjust=True).mean(), label=f\"{label} ")
        .append(p.metric().replace('_', ' '))
        .append("\")\n");
    b.append("        if ").append(Text.pythonString(p.full())).append(" in m:\n");
    b.append("            f = m[[\"step\", ")
        .append(Text.pythonString(p.full()))
        .append("]].dropna()\n");
    b.append("            ax.plot(f[\"step\"] * per_step, f[")
        .append(Text.pythonString(p.full()))
        .append("], \"o\", color=line.get_color())\n");
    b.append("ax.set_xlabel(").append(Text.pythonString(c.axis().label())).append(")\n");
    b.append("ax.set_ylabel(").append(Text.pythonString(p.yLabel())).append(")\n");
    b.append("ax.set_title(").append(Text.pythonString(p.title())).append(")\n");
    b.append("ax.legend(fontsize=8)\n");
    b.append("plt.show()\n");
    return b.toString();
  }

  private static byte[] json(Comparison c, List<Row> rows, List<String> differences) {
    Map<String, Object> root = new TreeMap<>();
    root.put("jobs", c.members().stream().map(Comparison.Member::id).toList());
    root.put("by", c.axis().name().toLowerCase(Locale.ROOT));
    root.put("smoothing_weight", c.weight());
    root.put("differences", differences);
    List<Object> table = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("group", r.group());
      x.put("label", r.label());
      x.put("differs", r.differs());
      x.put("values", r.values());
      table.add(x);
    }
    root.put("rows", table);
    try {
      return (Json.pretty().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + JSON_FILE, e);
    }
  }
}
