package dev.openaift.report;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * Renders {@code report.ftlh} with FreeMarker: HTML auto-escaping, {@link Locale#ROOT}, UTC, errors
 * rethrown. Templates come from the user's folder first (when given), then from the jar's {@code
 * /templates}.
 */
final class HtmlRenderer {
  static final String MAIN_TEMPLATE = "report.ftlh";

  private final Configuration config;

  HtmlRenderer(Path templatesDir) {
    this.config = configuration(templatesDir);
  }

  static Configuration configuration(Path templatesDir) {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
    TemplateLoader builtIn = new ClassTemplateLoader(HtmlRenderer.class, "/templates");
    if (templatesDir != null) {
      if (!Files.isDirectory(templatesDir)) {
        throw new IllegalArgumentException(
            "templates folder " + templatesDir + " is not a directory");
      }
      try {
        cfg.setTemplateLoader(
            new MultiTemplateLoader(
                new TemplateLoader[] {new FileTemplateLoader(templatesDir.toFile()), builtIn}));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read templates folder " + templatesDir, e);
      }
    } else {
      cfg.setTemplateLoader(builtIn);
    }
    cfg.setRecognizeStandardFileExtensions(true);
    cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
    cfg.setDefaultEncoding("UTF-8");
    cfg.setOutputEncoding("UTF-8");
    cfg.setLocale(Locale.ROOT);
    cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
    cfg.setNumberFormat("computer");
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setFallbackOnNullLoopVariable(false);
    cfg.setAPIBuiltinEnabled(false);
    cfg.setLocalizedLookup(false);
    return cfg;
  }

  /**
   * Loads, parses and runs the templates once on a tiny view, so that a later {@link #render} finds
   * the templates cached and the view classes introspected. Meant to run while figures are drawn;
   * problems are left for {@link #render} to report.
   */
  HtmlRenderer preload() {
    try {
      render(WARM_UP);
    } catch (RuntimeException e) {
      // render(view) will fail the same way and say where.
    }
    return this;
  }

  /**
   * The renderer of the built-in templates, made and preloaded once per JVM: by whichever thread
   * asks first (an early warm-up, see {@link ReportRenderer#warmUpPages}); a thread that asks
   * meanwhile waits for it. FreeMarker's configuration and templates may be used by several threads
   * at once. Nothing is kept when making it fails (an {@link Error}): the next caller tries again
   * and meets the real problem.
   */
  static HtmlRenderer builtIn() {
    HtmlRenderer r = builtIn;
    if (r == null) {
      synchronized (HtmlRenderer.class) {
        r = builtIn;
        if (r == null) {
          r = new HtmlRenderer(null).preload();
          builtIn = r;
        }
      }
    }
    return r;
  }

  private static volatile HtmlRenderer builtIn;

  private static final ReportView WARM_UP = warmUpView();

  private static ReportView warmUpView() {
    ReportView.Fact fact = new ReportView.Fact("a", "b");
    ReportView.Table table =
        new ReportView.Table(
            List.of(new ReportView.Column("n", true)),
            List.of(new ReportView.Row(List.of("1"), true, "best")),
            "note");
    ReportView.EventOut event = new ReportView.EventOut("t", "warn", "warn", "m");
    List<ReportView.Cell> cells =
        List.of(
            new ReportView.Cell(
                1,
                "f",
                "F",
                List.of("x"),
                "figure",
                new ReportView.FigureOut("data:image/png;base64,", "a", 1, 1, "f.png"),
                null,
                null,
                null),
            new ReportView.Cell(2, "t", "T", List.of("x"), "table", null, table, null, null),
            new ReportView.Cell(
                3,
                "g",
                "G",
                List.of("x"),
                "findings",
                null,
                null,
                List.of(new ReportView.FindingOut("info", "c", "t")),
                null),
            new ReportView.Cell(
                4,
                "e",
                "E",
                List.of("x"),
                "events",
                null,
                null,
                null,
                new ReportView.EventLog(List.of(event), List.of(event), "1", "n")));
    return new ReportView(
        "t",
        "j",
        "s",
        "ok",
        true,
        "r",
        "m",
        List.of(fact),
        List.of(fact),
        List.of(new ReportView.MetricRow("n", "s", "1", "1", "s", "1", "s", "1")),
        List.of(fact),
        List.of("w"),
        cells,
        "g",
        "0.6",
        null);
  }

  byte[] render(ReportView view) {
    return process(config, MAIN_TEMPLATE, view, 64 * 1024);
  }

  /**
   * Runs one template on a view model (as {@code view}) and returns the UTF-8 page; any template
   * problem becomes a one-line {@link ReportException} naming the template and line.
   */
  static byte[] process(Configuration cfg, String templateName, Object view, int sizeHint) {
    try {
      Template template = cfg.getTemplate(templateName);
      StringWriter out = new StringWriter(sizeHint);
      template.process(Map.of("view", view), out);
      return out.toString().getBytes(StandardCharsets.UTF_8);
    } catch (TemplateException e) {
      throw new ReportException(
          "template error in "
              + e.getTemplateSourceName()
              + " line "
              + e.getLineNumber()
              + ": "
              + firstLine(e.getMessageWithoutStackTop()),
          e);
    } catch (IOException e) {
      throw new ReportException(
          "cannot load template " + templateName + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown problem";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
