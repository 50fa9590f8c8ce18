package dev.openaift.report;

import dev.openaift.metrics.JobAnalysis;
import dev.openaift.plot.Figure;
import dev.openaift.plot.FigureRenderer;
import dev.openaift.plot.Style;
import dev.openaift.plot.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

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
    return new Pages(given, options).render();
  }

  /**
   * One report's pages, made by one thread ({@link #render}) while another may help ({@link
   * #help}): the figures go to whichever thread takes the next one, then the interactive figures'
   * data to whichever comes to it first; the helper also parses the page template, then writes the
   * notebook once the page's view is made, while the first renders the page. ReportService renders
   * on a helper thread and lets the calling thread help once metrics.csv is written. Only {@link
   * #render} throws: a figure or the notebook that fails keeps its failure for {@code render} to
   * throw where it takes it (so nobody waits for good), and the template's failure meets {@code
   * render} again when it makes the page.
   */
  static final class Pages {
    private final JobAnalysis analysis;
    private final ReportOptions options;
    private final StepAxis axis = new StepAxis();
    private final List<FigurePlan> plans;
    private HtmlRenderer html;
    private final List<Once<byte[]>> pngs = new ArrayList<>();
    private final CompletableFuture<ReportView> view = new CompletableFuture<>();
    private final Once<byte[]> notebook = new Once<>();
    private final Once<ReportView.Interactive> interactive = new Once<>();

    Pages(JobAnalysis given, ReportOptions options) {
      this.analysis = withDefaults(given);
      this.options = options;
      this.plans = FigurePlanner.plan(analysis);
      for (int i = 0; i < plans.size(); i++) {
        pngs.add(new Once<>());
      }
    }

    /** Every file of the pages, sorted by name; makes whatever no other thread has taken. */
    SortedMap<String, byte[]> render() {
      ReportView made;
      try {
        drawFigures();
        makeInteractive();
        made = ReportViewBuilder.build(analysis, options, plans, drawn(), interactive.get());
        view.complete(made);
      } catch (RuntimeException | Error e) {
        view.completeExceptionally(e);
        throw e;
      }
      SortedMap<String, byte[]> files = new TreeMap<>();
      if (options.wants(ReportFormat.HTML)) {
        files.put(HTML_FILE, html().render(made));
      }
      if (options.wants(ReportFormat.IPYNB)) {
        writeNotebook(made);
        files.put(NOTEBOOK_FILE, notebook.get());
      }
      if (options.wants(ReportFormat.PNG)) {
        List<byte[]> drawn = drawn();
        for (int i = 0; i < plans.size(); i++) {
          files.put(FIGURES_DIR + plans.get(i).id() + ".png", drawn.get(i));
        }
      }
      return files;
    }

    /**
     * The other thread's part: draws the figures not yet taken, parses the page template, makes the
     * interactive figures' data and writes the notebook, each unless {@link #render} took it first.
     * Throws none of the pages' failures: {@link #render} throws each of them.
     */
    void help() {
      drawFigures();
      try {
        // the template before the interactive data: the page waits for the first, while the other
        // thread may still take the second (a small report, where the template is parsed here)
        if (options.wants(ReportFormat.HTML)) {
          html().loadTemplate();
        }
      } catch (ReportException e) {
        // the template's failure, met again by render when it makes the page, which then makes
        // no view: nothing here may wait for it
        return;
      }
      makeInteractive();
      try {
        if (options.wants(ReportFormat.IPYNB)) {
          writeNotebook(view.join());
        }
      } catch (CompletionException e) {
        // render's own failure: it throws it
      }
    }

    /** The page's renderer, made by whichever thread asks first (making one loads FreeMarker). */
    private synchronized HtmlRenderer html() {
      if (html == null) {
        html =
            options.templatesDir() == null
                ? HtmlRenderer.builtIn()
                : new HtmlRenderer(options.templatesDir());
      }
      return html;
    }

    private void drawFigures() {
      for (int i = 0; i < plans.size(); i++) {
        FigurePlan plan = plans.get(i);
        pngs.get(i)
            .take(
                () ->
                    FigureRenderer.png(
                        plan.toFigure(analysis, axis),
                        options.figureWidth(),
                        options.figureHeight()));
      }
    }

    /**
     * The interactive figures' data, unless the other thread took it: it needs no figure drawn, so
     * the helper, done with metrics.csv while the first still draws (a 200,000-step report), makes
     * it meanwhile instead of waiting for the view.
     */
    private void makeInteractive() {
      interactive.take(
          () ->
              plans.isEmpty()
                  ? null
                  : InteractiveFigures.view(plans, analysis, axis, options.figureWidth()));
    }

    private List<byte[]> drawn() {
      List<byte[]> drawn = new ArrayList<>();
      for (Once<byte[]> png : pngs) {
        drawn.add(png.get());
      }
      return drawn;
    }

    private void writeNotebook(ReportView made) {
      notebook.take(() -> NotebookWriter.write(analysis, made, plans, drawn(), options));
    }

    /** What this or another thread made (waiting for it), or its failure thrown here. */
    private static <T> T madeBy(CompletableFuture<T> made) {
      try {
        return made.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }

    /**
     * A part of the pages that one thread makes, whichever takes it first (a figure, the
     * interactive data, the notebook); the other skips it, and waits for it where it needs it. A
     * failure is kept for {@link #get} to throw, so nobody waits for good.
     */
    private static final class Once<T> {
      private final AtomicBoolean taken = new AtomicBoolean();
      private final CompletableFuture<T> made = new CompletableFuture<>();

      /** Makes it with {@code maker}, unless a thread took it already. */
      void take(Supplier<T> maker) {
        if (taken.compareAndSet(false, true)) {
          try {
            made.complete(maker.get());
          } catch (RuntimeException | Error e) {
            made.completeExceptionally(e);
          }
        }
      }

      /** What was made (waiting for it), or its failure thrown here. */
      T get() {
        return madeBy(made);
      }
    }
  }

  /**
   * The warm-up figure's size: small, since what warms is the code and the fonts, not the pixels
   * (measured 2026-12-07, 9 runs alternating, 200,000-step Trainer report: at 900 x 420 it added 4
   * MiB to the peak against none at 300 x 200, and 0.08 s more CPU).
   */
  private static final int WARM_UP_WIDTH = 300;

  private static final int WARM_UP_HEIGHT = 200;

  /**
   * Draws a small figure of made-up numbers with the kinds of line a report draws most, and parses
   * the built-in page template, keeping nothing but what the JVM keeps: loaded classes, fonts, the
   * rasteriser's tables, compiled code and the parsed template. The first figure of a run costs
   * 150-250 ms of CPU cold against 30-50 ms warm (2026-12-07, one JVM with the launcher's flags).
   * Worth it only where a core would otherwise wait (beside a long read); a failure here is left
   * for the real pages to meet.
   */
  public static void warmUp() {
    try {
      HtmlRenderer.builtIn().loadTemplate();
      int n = 500;
      double[] x = new double[n];
      double[] raw = new double[n];
      double[] smooth = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = i + 1;
        raw[i] = 2.0 / Math.sqrt(i + 1) + ((i * 7919) % 13) / 100.0;
        smooth[i] = 2.0 / Math.sqrt(i + 1) + 0.06;
      }
      double[] every = {1, n / 4.0, n / 2.0, n};
      double[] points = {2.0, 0.3, 0.2, 0.15};
      FigureRenderer.png(
          new Figure(
              "warm-up",
              "step",
              "loss",
              List.of(
                  Trace.of("raw", x, raw, Style.RAW_LINE, "#1f77b4"),
                  Trace.of("smoothed", x, smooth, Style.SMOOTH_LINE, "#1f77b4"),
                  Trace.of("full", every, points, Style.MARKERS, "#ff7f0e")),
              List.of(n / 2.0)),
          WARM_UP_WIDTH,
          WARM_UP_HEIGHT);
    } catch (RuntimeException | Error e) {
      // the pages meet the same problem and report it
    }
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
