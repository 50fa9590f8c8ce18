package dev.openaift.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.openaift.io.Json;
import dev.openaift.metrics.Finding;
import dev.openaift.metrics.JobAnalysis;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes {@code report.ipynb}: an nbformat 4.5 notebook whose code cells reload {@code metrics.csv}
 * (beside the notebook) with pandas and redraw every figure with matplotlib, and whose saved
 * outputs already hold the report's PNGs and tables, so it reads well before it is run. Keys are
 * sorted and indented by one space, like Jupyter writes them.
 */
final class NotebookWriter {
  static final String CSV = "metrics.csv";
  private static final ObjectWriter JSON = writer();

  private final List<Map<String, Object>> cells = new ArrayList<>();
  private int executionCount;

  private NotebookWriter() {}

  /** An empty notebook to add cells to (the evaluation pages use it too). */
  static NotebookWriter blank() {
    return new NotebookWriter();
  }

  /** The cells added so far (for splicing them into another notebook). */
  List<Map<String, Object>> cells() {
    return cells;
  }

  /** A saved PNG output, as the figure cells of a report carry it. */
  static Map<String, Object> pngOutput(byte[] png, int width, int height) {
    Map<String, Object> data = new TreeMap<>();
    data.put("image/png", Base64.getEncoder().encodeToString(png));
    data.put(
        "text/plain",
        lines(String.format(Locale.ROOT, "<Figure size %dx%d with 1 Axes>", width, height)));
    Map<String, Object> out = new TreeMap<>();
    out.put("output_type", "display_data");
    out.put("data", data);
    out.put("metadata", new TreeMap<>());
    return out;
  }

  /** Writes any notebook document with the same key order and indentation. */
  static byte[] json(Map<String, Object> notebook) {
    try {
      return (JSON.writeValueAsString(notebook) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the notebook as JSON", e);
    }
  }

  static byte[] write(
      JobAnalysis a,
      ReportView view,
      List<FigurePlan> plans,
      List<byte[]> pngs,
      ReportOptions options) {
    NotebookWriter nb = new NotebookWriter();
    nb.markdown("title", titleMarkdown(a, view));
    nb.markdown("findings", findingsMarkdown(a));
    nb.code("setup", SETUP, List.of());
    for (int i = 0; i < plans.size(); i++) {
      FigurePlan p = plans.get(i);
      nb.markdown("h-" + p.id(), "## " + Text.markdown(p.title()));
      nb.figure("fig-" + p.id(), figureCode(p, options), pngs.get(i), options);
    }
    if (!a.epochs().isEmpty()) {
      nb.markdown("h-epochs", "## Per epoch");
      nb.table("epochs", "epochs", TableData.epochs(a));
    }
    if (!a.checkpoints().isEmpty()) {
      nb.markdown(
          "h-checkpoints",
          "## Checkpoints"
              + (a.bestCheckpoint() != null
                  ? "\n\nThe best checkpoint (lowest full validation loss) is at step "
                      + a.bestCheckpoint().stepNumber()
                      + "."
                  : ""));
      nb.table("checkpoints", "checkpoints", TableData.checkpoints(a));
    }
    nb.markdown("events", eventsMarkdown(view));
    return nb.json();
  }

  private static final String SETUP =
      """
      # Reload the report's metrics: one row per step, an empty cell where a metric has no value.
      from pathlib import Path

      import matplotlib.pyplot as plt
      import pandas as pd

      df = pd.read_csv(Path("metrics.csv"))
      if "step" not in df.columns:
          df["step"] = pd.Series(dtype=float)


      def points(column):
          \"\"\"The (step, value) pairs of a column that have a value; empty when the column is absent.\"\"\"
          if column not in df.columns:
              return pd.Series(dtype=float), pd.Series(dtype=float)
          values = pd.to_numeric(df[column], errors="coerce")
          keep = values.notna()
          return df["step"][keep], values[keep]


      def raw_line(ax, column, color, label):
          x, y = points(column)
          if len(x):
              ax.plot(x, y, color=color, alpha=0.3, linewidth=1, label=label)


      def smooth_line(ax, column, color, label):
          x, y = points(column + "_smoothed")
          if len(x):
              ax.plot(x, y, color=color, linewidth=2, label=label)


      def line(ax, column, color, label):
          \"\"\"A series that is not noisy (a learning-rate schedule), drawn as logged.\"\"\"
          x, y = points(column)
          if len(x):
              ax.plot(x, y, color=color, linewidth=2, label=label)


      def raw_points(ax, column, color, label):
          x, y = points(column)
          if len(x):
              ax.scatter(x, y, color=color, alpha=0.45, s=12, label=label)


      def markers(ax, column, color, label):
          x, y = points(column)
          if len(x):
              ax.plot(x, y, color=color, marker="o", markersize=7, linewidth=1, label=label, zorder=4)


      def band(ax, column, color, label):
          \"\"\"Rolling mean plus and minus one rolling standard deviation, as a filled band.\"\"\"
          mean, std = column + "_rolling_mean", column + "_rolling_std"
          if mean not in df.columns or std not in df.columns:
              return
          d = pd.DataFrame({"step": df["step"], "mean": pd.to_numeric(df[mean], errors="coerce"),
                            "std": pd.to_numeric(df[std], errors="coerce")}).dropna()
          if len(d):
              ax.fill_between(d["step"], d["mean"] - d["std"], d["mean"] + d["std"],
                              color=color, alpha=0.2, linewidth=0, label=label)


      def finish(ax, title, ylabel, epoch_ends):
          for x in epoch_ends:
              ax.axvline(x, color="#9a9a9a", linestyle="--", linewidth=1)
          ax.set_title(title)
          ax.set_xlabel("step")
          ax.set_ylabel(ylabel)
          ax.grid(True, color="#e6e6e6")
          if ax.get_legend_handles_labels()[0]:
              ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False)
          ax.figure.tight_layout()
      """;

  private static String figureCode(FigurePlan p, ReportOptions options) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT, "fig, ax = plt.subplots(%s, dpi=100)%n", FigurePlan.figsize(options)));
    for (FigurePlan.Layer l : p.layers()) {
      String args =
          "ax, "
              + (l.literal() ? "" : Text.pythonString(l.metric()) + ", ")
              + Text.pythonString(l.color())
              + ", "
              + Text.pythonString(l.label());
      switch (l.style()) {
        case BAND -> b.append("band(").append(args).append(")\n");
        case RAW_LINE -> b.append("raw_line(").append(args).append(")\n");
        case RAW_POINTS -> b.append("raw_points(").append(args).append(")\n");
        case SMOOTH_LINE -> b.append("smooth_line(").append(args).append(")\n");
        case LINE -> b.append("line(").append(args).append(")\n");
        case MARKERS -> b.append("markers(").append(args).append(")\n");
        case CHECKPOINTS, HIGHLIGHT ->
            b.append("ax.scatter(")
                .append(list(l.x()))
                .append(", ")
                .append(list(l.y()))
                .append(", marker=")
                .append(
                    switch (l.style().marker()) {
                      case DIAMOND -> "\"D\", s=90";
                      case SQUARE -> "\"s\", s=110";
                      case CIRCLE -> "\"o\", s=90";
                    })
                .append(", color=")
                .append(Text.pythonString(l.color()))
                .append(", label=")
                .append(Text.pythonString(l.label()))
                .append(", zorder=3)\n");
      }
    }
    b.append("finish(ax, ")
        .append(Text.pythonString(p.title()))
        .append(", ")
        .append(Text.pythonString(p.yLabel()))
        .append(", epoch_ends=[")
        .append(p.epochEnds().stream().map(String::valueOf).collect(Collectors.joining(", ")))
        .append("])\nplt.show()");
    return b.toString();
  }

  private static String list(double[] v) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      b.append(i > 0 ? ", " : "").append(Text.python(v[i]));
    }
    return b.append(']').toString();
  }

  void table(String id, String variable, TableData t) {
    StringBuilder b = new StringBuilder();
    b.append(variable).append(" = pd.DataFrame(\n    [\n");
    for (List<Object> row : t.rows()) {
      b.append("        [")
          .append(row.stream().map(TableData::python).collect(Collectors.joining(", ")))
          .append("],\n");
    }
    b.append("    ],\n    columns=[")
        .append(t.columns().stream().map(Text::pythonString).collect(Collectors.joining(", ")))
        .append("],\n)\n")
        .append(variable);
    Map<String, Object> data = new TreeMap<>();
    data.put("text/html", lines(t.html()));
    data.put("text/plain", lines(t.plain()));
    Map<String, Object> out = new TreeMap<>();
    out.put("output_type", "execute_result");
    out.put("data", data);
    out.put("metadata", new TreeMap<>());
    out.put("execution_count", executionCount + 1);
    code(id, b.toString(), List.of(out));
  }

  private static String titleMarkdown(JobAnalysis a, ReportView view) {
    StringBuilder b = new StringBuilder("# ").append(Text.markdown(view.title())).append("\n\n");
    b.append("**Status:** ").append(Text.markdown(view.status()));
    if (view.modelLine() != null) {
      b.append(" · `").append(view.modelLine().replace("`", "'")).append('`');
    }
    b.append("\n\n");
    if (view.running()) {
      b.append("> **Still running.** ").append(Text.markdown(view.runningText())).append("\n\n");
    }
    b.append("| | |\n|---|---|\n");
    for (List<ReportView.Fact> facts :
        List.of(view.facts(), view.hyperparameters(), view.highlights())) {
      for (ReportView.Fact f : facts) {
        b.append("| ")
            .append(Text.markdown(f.label()))
            .append(" | ")
            .append(Text.markdown(f.value()))
            .append(" |\n");
      }
    }
    if (!view.metrics().isEmpty()) {
      b.append(
          "\n| metric | points | final | best | smoothed final |\n|---|---:|---:|---:|---:|\n");
      for (ReportView.MetricRow m : view.metrics()) {
        b.append("| ")
            .append(Text.markdown(m.name()))
            .append(" | ")
            .append(m.points())
            .append(" | ")
            .append(m.last())
            .append(" (")
            .append(m.lastStep())
            .append(") | ")
            .append(m.best())
            .append(m.bestStep().isEmpty() ? "" : " (" + m.bestStep() + ")")
            .append(" | ")
            .append(m.smoothed())
            .append(" |\n");
      }
    }
    b.append(
        "\n"
            + "The figures below are saved outputs; run the notebook to redraw them from"
            + " `metrics.csv`.");
    return b.toString();
  }

  private static String findingsMarkdown(JobAnalysis a) {
    StringBuilder b = new StringBuilder("## Findings\n\n");
    if (a.findings().isEmpty()) {
      b.append("Nothing notable.");
    }
    for (Finding f : a.findings()) {
      b.append("- **")
          .append(Text.markdown(f.severity()))
          .append(":** ")
          .append(Text.markdown(f.text()))
          .append(" (`")
          .append(f.code().replace("`", "'"))
          .append("`)\n");
    }
    return b.toString().strip();
  }

  private static String eventsMarkdown(ReportView view) {
    ReportView.EventLog log = null;
    for (ReportView.Cell c : view.cells()) {
      if (c.events() != null) {
        log = c.events();
      }
    }
    StringBuilder b = new StringBuilder("## Warnings and errors in the event log\n\n");
    if (log == null || log.flagged().isEmpty()) {
      b.append("None.");
      return b.toString();
    }
    int shown = 0;
    for (ReportView.EventOut e : log.flagged()) {
      if (shown++ == 200) {
        b.append("- … and ")
            .append(log.flagged().size() - 200)
            .append(" more (see `index.html`)\n");
        break;
      }
      b.append("- `")
          .append(e.time())
          .append("` **")
          .append(Text.markdown(e.level()))
          .append("** ")
          .append(Text.markdown(e.message()))
          .append('\n');
    }
    return b.toString().strip();
  }

  /**
   * An empty notebook to fill with {@link #markdown}, {@link #code} and {@link #figure} (compare).
   */
  static NotebookWriter empty() {
    return new NotebookWriter();
  }

  /** A code cell whose saved output is the figure's PNG. */
  void figure(String id, String code, byte[] png, ReportOptions options) {
    code(id, code, List.of(pngOutput(png, options.figureWidth(), options.figureHeight())));
  }

  void markdown(String id, String source) {
    Map<String, Object> cell = new TreeMap<>();
    cell.put("cell_type", "markdown");
    cell.put("id", id);
    cell.put("metadata", new TreeMap<>());
    cell.put("source", lines(source));
    cells.add(cell);
  }

  void code(String id, String source, List<Map<String, Object>> outputs) {
    Map<String, Object> cell = new TreeMap<>();
    cell.put("cell_type", "code");
    cell.put("execution_count", ++executionCount);
    cell.put("id", id);
    cell.put("metadata", new TreeMap<>());
    cell.put("outputs", outputs);
    cell.put("source", lines(source.strip()));
    cells.add(cell);
  }

  byte[] json() {
    Map<String, Object> kernelspec = new TreeMap<>();
    kernelspec.put("display_name", "Python 3 (ipykernel)");
    kernelspec.put("language", "python");
    kernelspec.put("name", "python3");
    Map<String, Object> languageInfo = new TreeMap<>();
    languageInfo.put("file_extension", ".py");
    languageInfo.put("mimetype", "text/x-python");
    languageInfo.put("name", "python");
    Map<String, Object> metadata = new TreeMap<>();
    metadata.put("kernelspec", kernelspec);
    metadata.put("language_info", languageInfo);
    Map<String, Object> nb = new TreeMap<>();
    nb.put("cells", cells);
    nb.put("metadata", metadata);
    nb.put("nbformat", 4);
    nb.put("nbformat_minor", 5);
    return json(nb);
  }

  /** Jupyter's multi-line string form: lines that keep their newline, the last without. */
  static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        out.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  private static ObjectWriter writer() {
    DefaultIndenter indenter = new DefaultIndenter(" ", "\n");
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(separators)
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    return Json.mapper().writer(printer);
  }
}
