package dev.openaift.report;

import dev.openaift.metrics.JobAnalysis;
import dev.openaift.plot.FigureRenderer;
import dev.openaift.plot.Figure;
import java.util.ArrayList;
import java.util.List;
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
  public static SortedMap<String, byte[]> render(JobAnalysis analysis, ReportOptions options) {
    HtmlRenderer html = options.wants(ReportFormat.HTML) ? new HtmlRenderer(options.templatesDir()) : null;
    List<FigurePlan> plans = FigurePlanner.plan(analysis);
    List<Figure> figures = new ArrayList<>();
    for (FigurePlan p : plans) {
      figures.add(p.toFigure(analysis));
    }
    List<byte[]> pngs = FigureRenderer.pngs(figures, options.figureWidth(), options.figureHeight(), options.renderThreads());
    ReportView view = ReportViewBuilder.build(analysis, options, plans, pngs);
    SortedMap<String, byte[]> files = new TreeMap<>();
    if (html != null) {
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

  /** The view model the page is rendered from (for tests and custom front ends). */
  public static ReportView view(JobAnalysis analysis, ReportOptions options) {
    List<FigurePlan> plans = FigurePlanner.plan(analysis);
    List<Figure> figures = plans.stream().map(p -> p.toFigure(analysis)).toList();
    List<byte[]> pngs = FigureRenderer.pngs(figures, options.figureWidth(), options.figureHeight(), options.renderThreads());
    return ReportViewBuilder.build(analysis, options, plans, pngs);
  }
}
