package dev.openaift.report;

import dev.openaift.eval.Classification;
import dev.openaift.eval.EvalMeta;
import dev.openaift.eval.Evaluation;
import dev.openaift.eval.Judge;
import dev.openaift.eval.Metric;
import dev.openaift.eval.ModelAnswers;
import dev.openaift.eval.Paired;
import dev.openaift.eval.Verdict;
import dev.openaift.plot.ConfusionFigure;
import freemarker.template.Configuration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The evaluation's pages: {@code eval.html} (notebook-style, self-contained, every string escaped
 * by {@code eval.ftlh}) and {@code eval.ipynb}, with the confusion matrices as figures and tables,
 * the summary side by side, the pairwise comparisons, the judge's verdicts with its prompt, and the
 * examples where the models disagree most. {@link #attach} adds the same cells to a job's report.
 */
public final class EvalReport {
  public static final String HTML_FILE = "eval.html";
  public static final String NOTEBOOK_FILE = "eval.ipynb";
  public static final String CSV_FILE = "eval.csv";
  static final String TEMPLATE = "eval.ftlh";
  static final String CELLS_TEMPLATE = "eval-cells.ftlh";

  static final int FIG_W = 720;
  static final int FIG_H = 480;

  /** Longest text shown per answer among the disagreements. */
  static final int EXCERPT = 400;

  private EvalReport() {}

  /**
   * What the pages show.
   *
   * @param references the reference per example (null where none)
   * @param answers each model's answers, in the result's model order
   */
  public record Input(
      Evaluation.Result result, EvalMeta meta, String[] references, List<ModelAnswers> answers) {}

  /** The page's view: a title, facts, numbered cells (as the job report's) and a footer. */
  public record View(
      String title,
      String subtitle,
      List<ReportView.Fact> facts,
      List<ReportView.Cell> cells,
      String generator) {}

  /** One cell before numbering, with what the notebook needs. */
  private record Part(
      String id,
      String heading,
      List<String> input,
      TableData table,
      String note,
      byte[] png,
      String alt,
      String pythonFigure) {
    /** A cell that shows a table, with a note under it (or null). */
    static Part table(String id, String heading, List<String> input, TableData table, String note) {
      return new Part(id, heading, input, table, note, null, null, null);
    }
  }

  /** {@code eval.html}, {@code eval.ipynb} and {@code figures/confusion-N.png}, in memory. */
  public static SortedMap<String, byte[]> render(Input in, Path templatesDir) {
    List<Part> parts = parts(in);
    SortedMap<String, byte[]> files = new TreeMap<>();
    Configuration cfg = HtmlRenderer.configuration(templatesDir);
    files.put(
        HTML_FILE, HtmlRenderer.process(cfg, TEMPLATE, view(in, parts, 1, "", ""), 64 * 1024));
    files.put(NOTEBOOK_FILE, notebook(in, parts, "", CSV_FILE).json());
    for (Part p : parts) {
      if (p.png() != null) {
        files.put(ReportRenderer.FIGURES_DIR + p.id() + ".png", p.png());
      }
    }
    return files;
  }

  /**
   * An evaluation's section of a job's report: the page's view (its cells numbered from 1; {@link
   * #jobHtml} numbers them after the job's own) and the notebook's cells.
   */
  public record JobSection(View view, List<Map<String, Object>> notebookCells) {}

  /**
   * The evaluation's section as a job's report shows it.
   *
   * @param folder the evaluation's folder relative to the job's folder (ends with '/')
   * @param idPrefix what every cell id starts with, unique per evaluation in the job's report
   */
  public static JobSection jobSection(Input in, String folder, String idPrefix) {
    List<Part> parts = parts(in);
    return new JobSection(
        view(in, parts, 1, folder, idPrefix),
        notebook(in, parts, idPrefix, folder + CSV_FILE).cells());
  }

  /** A section's HTML for a job's page, its cells numbered from {@code firstNumber}. */
  public static byte[] jobHtml(View section, int firstNumber, Path templatesDir) {
    List<ReportView.Cell> cells = new ArrayList<>();
    int n = firstNumber;
    for (ReportView.Cell c : section.cells()) {
      cells.add(
          new ReportView.Cell(
              n++,
              c.id(),
              c.heading(),
              c.input(),
              c.kind(),
              c.figure(),
              c.table(),
              c.findings(),
              c.events()));
    }
    View numbered =
        new View(section.title(), section.subtitle(), section.facts(), cells, section.generator());
    return HtmlRenderer.process(
        HtmlRenderer.configuration(templatesDir), CELLS_TEMPLATE, numbered, 32 * 1024);
  }

  private static View view(
      Input in, List<Part> parts, int firstNumber, String prefix, String idPrefix) {
    Evaluation.Result r = in.result();
    EvalMeta m = in.meta();
    List<ReportView.Fact> facts = new ArrayList<>();
    facts.add(new ReportView.Fact("data", m.dataFile()));
    facts.add(new ReportView.Fact("data SHA-256", m.dataSha256()));
    facts.add(new ReportView.Fact("examples", Text.integer(r.examples())));
    facts.add(
        new ReportView.Fact(
            "against",
            m.against().startsWith("recorded:")
                ? "the recorded answers of " + m.referenceName()
                : "the expected answers in the data"));
    facts.add(
        new ReportView.Fact(
            "examples with a reference",
            m.referenceAnswered()
                + " of "
                + Text.integer(r.examples())
                + (m.partialReference()
                    ? " (the recording did not answer the other "
                        + (r.examples() - m.referenceAnswered())
                        + "; they are not scored)"
                    : "")));
    facts.add(
        new ReportView.Fact(
            "models",
            r.models().stream()
                .map(Evaluation.ModelResult::model)
                .collect(Collectors.joining(", "))));
    facts.add(
        new ReportView.Fact(
            "metrics", r.metrics().stream().map(Metric::id).collect(Collectors.joining(", "))));
    facts.add(new ReportView.Fact("evaluated", m.createdAt().toString()));
    List<ReportView.Cell> cells = new ArrayList<>();
    int n = firstNumber;
    for (Part p : parts) {
      ReportView.FigureOut figure =
          p.png() == null
              ? null
              : new ReportView.FigureOut(
                  "data:image/png;base64," + Base64.getEncoder().encodeToString(p.png()),
                  p.alt(),
                  FIG_W,
                  FIG_H,
                  prefix + ReportRenderer.FIGURES_DIR + p.id() + ".png");
      cells.add(
          new ReportView.Cell(
              n++,
              idPrefix + p.id(),
              p.heading(),
              p.input(),
              figure == null ? "table" : "figure",
              figure,
              figure == null ? p.table().view(p.note()) : null,
              null,
              null));
    }
    String title =
        "Evaluation of "
            + r.models().stream()
                .map(Evaluation.ModelResult::model)
                .collect(Collectors.joining(" vs "));
    return new View(
        title,
        prefix.isEmpty() ? null : prefix + HTML_FILE,
        facts,
        cells,
        "Made by openai-ft eval. Raw scores: eval.csv; machine-readable results: eval.json.");
  }

  private static NotebookWriter notebook(
      Input in, List<Part> parts, String idPrefix, String csvPath) {
    NotebookWriter nb = NotebookWriter.blank();
    View v = view(in, parts, 1, "", "");
    StringBuilder title =
        new StringBuilder("# ").append(Text.markdown(v.title())).append("\n\n| | |\n|---|---|\n");
    for (ReportView.Fact f : v.facts()) {
      title
          .append("| ")
          .append(Text.markdown(f.label()))
          .append(" | ")
          .append(Text.markdown(f.value()))
          .append(" |\n");
    }
    title
        .append(
            "\n"
                + "The tables and figures below are saved outputs; `answers` holds every scored"
                + " answer from `")
        .append(csvPath.replace("`", "'"))
        .append("`.");
    nb.markdown(idPrefix + "title", title.toString());
    nb.code(
        idPrefix + "setup",
        "import matplotlib.pyplot as plt\nimport pandas as pd\n\nanswers = pd.read_csv("
            + Text.pythonString(csvPath)
            + ", keep_default_na=False)",
        List.of());
    for (Part p : parts) {
      nb.markdown(
          idPrefix + "h-" + p.id(),
          "## "
              + Text.markdown(p.heading())
              + (p.note() == null ? "" : "\n\n" + Text.markdown(p.note())));
      if (p.png() != null) {
        nb.code(
            idPrefix + p.id(),
            p.pythonFigure(),
            List.of(NotebookWriter.pngOutput(p.png(), FIG_W, FIG_H)));
      } else {
        nb.table(idPrefix + p.id(), p.id().replace('-', '_'), p.table());
      }
    }
    return nb;
  }

  private static List<Part> parts(Input in) {
    Evaluation.Result r = in.result();
    EvalMeta meta = in.meta();
    List<Part> parts = new ArrayList<>();
    boolean recorded = meta.against().startsWith("recorded:");
    parts.add(
        Part.table(
            "summary",
            recorded
                ? "Agreement with the recorded answers of " + meta.referenceName()
                : "Scores against the expected answers",
            List.of("mean score per metric (examples scored), usage and cost per model"),
            summary(r),
            "Means over the examples each metric could score; cost per 1,000 requests of the mean"
                + " size at the listed prices."));
    if (!r.comparisons().isEmpty()) {
      parts.add(
          Part.table(
              "comparisons",
              "Differences between models",
              List.of(
                  "B - A per metric, 95% paired bootstrap interval ("
                      + r.comparisons().get(0).difference().resamples()
                      + " resamples, seed "
                      + r.comparisons().get(0).difference().seed()
                      + "); McNemar's exact test for yes/no metrics"),
              comparisons(r),
              "An interval that contains 0 means the data do not show a difference; p < 0.05 in"
                  + " McNemar's test means the two models' right/wrong answers differ more than"
                  + " chance would explain."));
    }
    if (!r.verdicts().isEmpty()) {
      Verdict first = r.verdicts().get(0);
      parts.add(
          Part.table(
              "verdicts",
              "Verdicts against " + first.reference(),
              List.of(
                  "is each candidate at most "
                      + Verdict.trim(first.margin())
                      + " worse than "
                      + first.reference()
                      + "? one-sided 95% paired bootstrap ("
                      + first.resamples()
                      + " resamples)"),
              verdicts(r),
              Verdict.explanation(first.margin(), first.resamples())));
    }
    for (int i = 0; i < r.models().size(); i++) {
      Evaluation.ModelResult m = r.models().get(i);
      Classification.Result c = m.classification();
      if (c == null) {
        continue;
      }
      List<String> columns = new ArrayList<>(c.labels());
      columns.add(c.other());
      String title = "Confusion matrix: " + m.model();
      byte[] png = ConfusionFigure.png(title, c.labels(), columns, c.confusion(), FIG_W, FIG_H);
      parts.add(
          new Part(
              "confusion-" + (i + 1),
              title,
              List.of(
                  "rows: expected label; columns: the answer's label, '"
                      + c.other()
                      + "' for answers outside the label set"),
              null,
              null,
              png,
              "Confusion matrix of " + m.model(),
              confusionCode(c, title)));
      parts.add(
          Part.table(
              "confusion-table-" + (i + 1),
              "Confusion matrix table: " + m.model(),
              List.of("the same counts as a table"),
              confusionTable(c),
              null));
      parts.add(
          Part.table(
              "per-class-" + (i + 1),
              "Per-class scores: " + m.model(),
              List.of("precision, recall, F1 per label"),
              perClass(c),
              String.format(
                  Locale.ROOT,
                  "Accuracy %s (%d of %d), macro F1 %s, weighted F1 %s; %d answer%s outside the"
                      + " label set. A dash: undefined (no example of the label, or none"
                      + " predicted).",
                  Text.number(c.accuracy()),
                  c.correct(),
                  c.examples(),
                  Text.number(c.macroF1()),
                  Text.number(c.weightedF1()),
                  c.outOfSet(),
                  c.outOfSet() == 1 ? "" : "s")));
    }
    Judge.Result judge = meta.judge();
    if (judge != null) {
      List<String> prompt = new ArrayList<>();
      prompt.add("judge model: " + judge.judgeModel());
      prompt.add("system: " + judge.system());
      prompt.add("user:");
      prompt.addAll(List.of(judge.user().split("\n", -1)));
      parts.add(
          Part.table(
              "judge",
              "Pairwise judge",
              prompt,
              judgeTable(judge),
              "Each pair was asked in both orders. Preference for B: 1 when B is better in both"
                  + " orders, 0.5 for a tie or a split verdict, 0 when A is better in both; 'split'"
                  + " counts examples where each answer won in one order."));
    }
    if (!r.disagreements().isEmpty()) {
      parts.add(
          Part.table(
              "disagreements",
              r.models().size() > 1
                  ? "Where the models disagree most"
                  : "The lowest-scored answers",
              List.of(
                  "examples ranked by the spread of "
                      + r.disagreementMetric().id()
                      + " across models (top "
                      + r.disagreements().size()
                      + ")"),
              disagreements(in),
              null));
    }
    return parts;
  }

  private static TableData summary(Evaluation.Result r) {
    List<String> cols = new ArrayList<>(List.of("metric"));
    r.models().forEach(m -> cols.add(m.model()));
    List<List<Object>> rows = new ArrayList<>();
    for (Metric metric : r.metrics()) {
      List<Object> row = new ArrayList<>();
      row.add(metric.id());
      for (Evaluation.ModelResult m : r.models()) {
        row.add(m.summaries().get(metric).mean());
      }
      rows.add(row);
      List<Object> n = new ArrayList<>();
      n.add(metric.id() + " (examples scored)");
      for (Evaluation.ModelResult m : r.models()) {
        n.add((long) m.summaries().get(metric).n());
      }
      rows.add(n);
    }
    for (Evaluation.ModelResult m : r.models()) {
      if (m.classification() != null) {
        addRow(
            rows,
            r,
            "macro F1",
            x -> x.classification() == null ? Double.NaN : x.classification().macroF1());
        addRow(
            rows,
            r,
            "weighted F1",
            x -> x.classification() == null ? Double.NaN : x.classification().weightedF1());
        break;
      }
    }
    addRow(rows, r, "answered", x -> (long) x.answered());
    addRow(rows, r, "latency p50 (ms)", x -> x.usage().latencyP50Ms());
    addRow(rows, r, "latency p95 (ms)", x -> x.usage().latencyP95Ms());
    addRow(rows, r, "tokens in", x -> x.usage().promptTokens());
    addRow(rows, r, "tokens out", x -> x.usage().completionTokens());
    addRow(
        rows,
        r,
        "cost per 1,000 requests (USD)",
        x -> x.usage().costPer1000() == null ? Double.NaN : x.usage().costPer1000().doubleValue());
    return new TableData(cols, rows, -1, null);
  }

  private static void addRow(
      List<List<Object>> rows,
      Evaluation.Result r,
      String label,
      java.util.function.Function<Evaluation.ModelResult, Object> f) {
    List<Object> row = new ArrayList<>();
    row.add(label);
    for (Evaluation.ModelResult m : r.models()) {
      row.add(f.apply(m));
    }
    rows.add(row);
  }

  private static TableData comparisons(Evaluation.Result r) {
    List<String> cols =
        List.of(
            "model A",
            "model B",
            "metric",
            "n",
            "mean A",
            "mean B",
            "B - A",
            "95% CI low",
            "95% CI high",
            "McNemar p");
    List<List<Object>> rows = new ArrayList<>();
    for (Evaluation.Comparison c : r.comparisons()) {
      Paired.Difference d = c.difference();
      rows.add(
          new ArrayList<>(
              List.of(
                  c.modelA(),
                  c.modelB(),
                  c.metric().id(),
                  (long) d.n(),
                  d.meanA(),
                  d.meanB(),
                  d.diff(),
                  d.ciLow(),
                  d.ciHigh(),
                  c.mcnemar() == null ? Double.NaN : c.mcnemar().pValue())));
    }
    return new TableData(cols, rows, -1, null);
  }

  private static TableData verdicts(Evaluation.Result r) {
    List<String> cols =
        List.of(
            "candidate",
            "metric",
            "verdict",
            "n",
            "candidate - reference",
            "lower bound",
            "upper bound",
            "margin",
            "examples to settle");
    List<List<Object>> rows = new ArrayList<>();
    for (Verdict v : r.verdicts()) {
      rows.add(
          new ArrayList<>(
              List.of(
                  v.candidate(),
                  v.metric().id(),
                  v.outcome().name(),
                  (long) v.n(),
                  v.difference(),
                  v.lowerBound(),
                  v.upperBound(),
                  v.margin(),
                  v.examplesToSettle() == null ? "-" : Text.integer(v.examplesToSettle()))));
    }
    return new TableData(cols, rows, -1, null);
  }

  private static TableData confusionTable(Classification.Result c) {
    List<String> cols = new ArrayList<>(List.of("expected \\ answer"));
    cols.addAll(c.labels());
    cols.add(c.other());
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < c.labels().size(); i++) {
      List<Object> row = new ArrayList<>();
      row.add(c.labels().get(i));
      for (long v : c.confusion()[i]) {
        row.add(v);
      }
      rows.add(row);
    }
    return new TableData(cols, rows, -1, null);
  }

  private static TableData perClass(Classification.Result c) {
    List<String> cols = List.of("label", "support", "predicted", "precision", "recall", "F1");
    List<List<Object>> rows = new ArrayList<>();
    for (Classification.ClassScore s : c.perClass()) {
      rows.add(
          new ArrayList<>(
              List.of(
                  s.label(),
                  s.support(),
                  s.predicted(),
                  orNaN(s.precision()),
                  orNaN(s.recall()),
                  orNaN(s.f1()))));
    }
    return new TableData(cols, rows, -1, null);
  }

  private static double orNaN(Double d) {
    return d == null ? Double.NaN : d;
  }

  private static TableData judgeTable(Judge.Result j) {
    List<String> cols =
        List.of(
            "model A",
            "model B",
            "judged",
            "preference for B",
            "95% CI low",
            "95% CI high",
            "B both orders",
            "A both orders",
            "split",
            "unreadable verdicts");
    List<List<Object>> rows = new ArrayList<>();
    for (Judge.PairResult p : j.pairs()) {
      rows.add(
          new ArrayList<>(
              List.of(
                  p.modelA(),
                  p.modelB(),
                  (long) p.vsTie().n(),
                  p.vsTie().meanB(),
                  p.preferenceLow(),
                  p.preferenceHigh(),
                  (long) p.bothB(),
                  (long) p.bothA(),
                  (long) p.split(),
                  (long) p.unreadable())));
    }
    return new TableData(cols, rows, -1, null);
  }

  private static TableData disagreements(Input in) {
    Evaluation.Result r = in.result();
    List<String> cols =
        new ArrayList<>(List.of("example", "line", "prompt", in.meta().referenceName()));
    for (Evaluation.ModelResult m : r.models()) {
      cols.add(m.model() + " (" + r.disagreementMetric().id() + ")");
    }
    List<List<Object>> rows = new ArrayList<>();
    for (Evaluation.Disagreement d : r.disagreements()) {
      int i = d.index();
      List<Object> row = new ArrayList<>();
      row.add(String.valueOf(i + 1));
      row.add(String.valueOf(in.meta().lines()[i]));
      row.add(EvalMeta.excerpt(in.meta().prompts()[i], EXCERPT));
      row.add(EvalMeta.excerpt(in.references()[i] == null ? "" : in.references()[i], EXCERPT));
      for (int m = 0; m < r.models().size(); m++) {
        String a = in.answers().get(m).answers()[i];
        row.add(
            EvalMeta.excerpt(a == null ? "" : a, EXCERPT)
                + " ["
                + Text.number(d.scores()[m])
                + "]");
      }
      rows.add(row);
    }
    return new TableData(cols, rows, -1, null);
  }

  /** matplotlib code that redraws the confusion matrix from literals. */
  private static String confusionCode(Classification.Result c, String title) {
    List<String> columns = new ArrayList<>(c.labels());
    columns.add(c.other());
    StringBuilder b = new StringBuilder();
    b.append("rows = [")
        .append(c.labels().stream().map(Text::pythonString).collect(Collectors.joining(", ")))
        .append("]\n");
    b.append("columns = [")
        .append(columns.stream().map(Text::pythonString).collect(Collectors.joining(", ")))
        .append("]\n");
    b.append("counts = [\n");
    for (long[] row : c.confusion()) {
      b.append("    [");
      for (int j = 0; j < row.length; j++) {
        b.append(j > 0 ? ", " : "").append(row[j]);
      }
      b.append("],\n");
    }
    b.append("]\n");
    b.append(
        String.format(
            Locale.ROOT,
            "fig, ax = plt.subplots(figsize=(%s, %s), dpi=100)%n",
            FigurePlan.trim(FIG_W / 100.0),
            FigurePlan.trim(FIG_H / 100.0)));
    b.append(
        """
        image = ax.imshow(counts, cmap="Blues", vmin=0)
        ax.set_xticks(range(len(columns)), labels=columns, rotation=45 if len(columns) > 6 else 0)
        ax.set_yticks(range(len(rows)), labels=rows)
        top = max(max(r) for r in counts) if counts else 0
        for i, row in enumerate(counts):
            for j, value in enumerate(row):
                ax.text(j, i, str(value), ha="center", va="center", color="white" if value > top / 2 else "#222222")
        ax.set_xlabel("answer")
        ax.set_ylabel("expected")
        fig.colorbar(image, ax=ax)
        """);
    b.append("ax.set_title(")
        .append(Text.pythonString(title))
        .append(")\nfig.tight_layout()\nplt.show()");
    return b.toString();
  }
}
