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
   * The renderer of the built-in templates, made once per JVM (its configuration keeps the parsed
   * templates) by whichever thread asks first; a thread that asks meanwhile waits for it.
   * FreeMarker's configuration and templates may be used by several threads at once (a backup
   * renders reports side by side). Nothing is kept when making it fails (an {@link Error}): the
   * next caller tries again and meets the real problem.
   */
  static HtmlRenderer builtIn() {
    HtmlRenderer r = builtIn;
    if (r == null) {
      synchronized (HtmlRenderer.class) {
        r = builtIn;
        if (r == null) {
          r = new HtmlRenderer(null);
          builtIn = r;
        }
      }
    }
    return r;
  }

  private static volatile HtmlRenderer builtIn;

  /**
   * Parses the page template into this renderer's configuration, which keeps it: 30 ms of a
   * 1,000-step report's first page (2026-12-07). A template that does not parse fails here as it
   * would in {@link #render}.
   */
  void loadTemplate() {
    try {
      config.getTemplate(MAIN_TEMPLATE);
    } catch (IOException e) {
      throw new ReportException(
          "cannot load template " + MAIN_TEMPLATE + ": " + firstLine(e.getMessage()), e);
    }
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
