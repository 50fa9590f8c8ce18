package dev.openaift.report;

import dev.openaift.metrics.JobAnalysis;
import dev.openaift.plot.FigureRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    // The figures are drawn on worker threads while this thread loads the templates and the JSON
    // writer and makes the interactive figures: none of these needs the others.
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(options.renderThreads(), plans.size())),
            r -> {
              Thread t = new Thread(r, "report-figures");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<byte[]>> pending = new ArrayList<>();
      for (FigurePlan p : plans) {
        pending.add(
            pool.submit(
                () ->
                    FigureRenderer.png(
                        p.toFigure(analysis), options.figureWidth(), options.figureHeight())));
      }
      HtmlRenderer html =
          options.wants(ReportFormat.HTML)
              ? (options.templatesDir() == null
                  ? HtmlRenderer.builtIn()
                  : new HtmlRenderer(options.templatesDir()).preload())
              : null;
      if (options.wants(ReportFormat.IPYNB)) {
        NotebookWriter.warmUp();
      }
      ReportView.Interactive interactive =
          plans.isEmpty() ? null : InteractiveFigures.view(plans, analysis, options.figureWidth());
      List<byte[]> pngs = new ArrayList<>();
      for (Future<byte[]> f : pending) {
        pngs.add(await(f));
      }
      ReportView view = ReportViewBuilder.build(analysis, options, plans, pngs, interactive);
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
    } finally {
      pool.shutdownNow();
    }
  }

  /** Whether a report with these options draws figures (html, ipynb or png wanted). */
  public static boolean draws(ReportOptions options) {
    return options.wants(ReportFormat.HTML)
        || options.wants(ReportFormat.IPYNB)
        || options.wants(ReportFormat.PNG);
  }

  /**
   * Starts the graphics warm-up ({@link FigureRenderer#warmUpInBackground}) when a report with
   * these options will draw; call it before reading the job's files.
   */
  public static void warmUpFor(ReportOptions options) {
    if (draws(options)) {
      FigureRenderer.warmUpInBackground();
    }
  }

  /**
   * Loads and runs the built-in page templates and the notebook's JSON writer once, for a report
   * about to be made: FreeMarker's cold start (its classes, the template parser, the view's
   * introspection) was a third of a second of a 1,000-step report, after the files were read.
   * Problems are left for the report itself to meet and report.
   */
  public static void warmUpPages() {
    HtmlRenderer.builtIn();
    try {
      NotebookWriter.warmUp();
    } catch (RuntimeException e) {
      // the notebook will meet the same problem and report it
    }
  }

  private static byte[] await(Future<byte[]> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while drawing figures", e);
    } catch (ExecutionException e) {
      throw causeOf(e, "drawing a figure failed");
    }
  }

  /**
   * What to throw for a task that failed on another thread: its own runtime exception or error,
   * else an {@link IllegalStateException} saying {@code what} failed.
   */
  static RuntimeException causeOf(ExecutionException e, String what) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException re) {
      return re;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IllegalStateException(what + ": " + cause, cause);
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
