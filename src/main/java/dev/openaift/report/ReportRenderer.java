package dev.openaift.report;

import dev.openaift.metrics.JobAnalysis;
import dev.openaift.plot.FigureRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders the report of one job entirely in memory: {@code index.html}, {@code report.ipynb} and
 * {@code figures/<id>.png}, as requested. Nothing touches the disk, so a failure leaves no half
 * report; hand the result to {@link ReportWriter#write}.
 */
public final class ReportRenderer {
  public static final String HTML_FILE = "index.html";
  public static final String NOTEBOOK_FILE = "report.ipynb";
  public static final String FIGURES_DIR = "figures/";

  private ReportRenderer() {}

  /**
   * The report's files by relative path (forward slashes), sorted.
   *
   * @throws ReportException when a template fails
   * @throws IllegalArgumentException when the templates folder is not a directory
   */
  public static SortedMap<String, byte[]> render(JobAnalysis given, ReportOptions options) {
    if (!draws(options)) {
      // summary.json and metrics.csv need no page and no figure: nothing here loads AWT or XChart
      return new TreeMap<>();
    }
    JobAnalysis analysis = withDefaults(given);
    List<FigurePlan> plans = FigurePlanner.plan(analysis);
    // In order on this thread: drawing the figures on a pool while this thread loaded the
    // templates and made the interactive figures showed no gain in paired runs (2026-12-07, 7
    // runs each at 1,000 steps, 5 at 1,000,000: 3.02 against 3.37 s and 6.42 against 7.14 s
    // median wall, 1.01 against 1.08 s and 1.84 against 1.99 s of CPU; load average 24-31), and
    // the pages already overlap metrics.csv (ReportService).
    StepAxis axis = new StepAxis();
    List<byte[]> pngs = new ArrayList<>();
    for (FigurePlan p : plans) {
      pngs.add(
          FigureRenderer.png(
              p.toFigure(analysis, axis), options.figureWidth(), options.figureHeight()));
    }
    ReportView.Interactive interactive =
        plans.isEmpty()
            ? null
            : InteractiveFigures.view(plans, analysis, axis, options.figureWidth());
    ReportView view = ReportViewBuilder.build(analysis, options, plans, pngs, interactive);
    SortedMap<String, byte[]> files = new TreeMap<>();
    if (options.wants(ReportFormat.HTML)) {
      HtmlRenderer html =
          options.templatesDir() == null
              ? HtmlRenderer.builtIn()
              : new HtmlRenderer(options.templatesDir());
      files.put(HTML_FILE, html.render(view));
    }
    if (options.wants(ReportFormat.IPYNB)) {
      files.put(NOTEBOOK_FILE, NotebookWriter.write(analysis, view, plans, pngs, options));
    }
    if (options.wants(ReportFormat.PNG)) {
      for (int i = 0; i < plans.size(); i++) {
        files.put(FIGURES_DIR + plans.get(i).id() + ".png", pngs.get(i));
      }
    }
    return files;
  }

  /** Whether a report with these options draws figures (html, ipynb or png wanted). */
  public static boolean draws(ReportOptions options) {
    return options.wants(ReportFormat.HTML)
        || options.wants(ReportFormat.IPYNB)
        || options.wants(ReportFormat.PNG);
  }

  /** The analysis with empty lists and maps where the producer left nulls. */
  static JobAnalysis withDefaults(JobAnalysis a) {
    return new JobAnalysis(
        a.jobId() == null ? "job" : a.jobId(),
        a.job(),
        a.format() == null ? "unknown" : a.format(),
        a.steps(),
        a.totalSteps(),
        orEmpty(a.series()),
        orEmpty(a.stats()),
        a.smoothingWeight(),
        a.rollingWindow(),
        orEmpty(a.epochEnds()),
        a.epochSource(),
        orEmpty(a.epochs()),
        a.bestCheckpoint(),
        orEmpty(a.checkpoints()),
        orEmpty(a.events()),
        orEmpty(a.findings()),
        orEmpty(a.warnings()),
        orEmpty(a.durations()),
        orEmpty(a.timestamps()),
        a.generalisationGap(),
        orEmpty(a.sourceColumns()),
        a.stepTiming());
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
