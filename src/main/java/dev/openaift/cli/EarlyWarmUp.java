package dev.openaift.cli;

import dev.openaift.io.Json;
import dev.openaift.plot.FigureRenderer;
import dev.openaift.report.ReportRenderer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Set-up started on daemon threads before picocli builds and parses anything, when the command line
 * shows it will be needed: Jackson's classes (almost every command reads or writes JSON) and, for a
 * {@code report} that draws, the graphics stack and then (after Jackson, on the same thread) the
 * built-in page templates. On a two-core machine the command's own thread then finds them ready:
 * the graphics set-up alone is about 0.25 s of a 1,000-step report, and started from {@link
 * ReportCommand} it was still running when the first figure was drawn.
 *
 * <p>Only the process entry point calls this; a command line that asks for help or a version, or
 * names its own {@code --format}, starts nothing here ({@code report --format json} must not load
 * the graphics classes at all).
 */
public final class EarlyWarmUp {
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private EarlyWarmUp() {}

  /** Starts what {@code args} will need, once per JVM. */
  public static void start(String... args) {
    if (args.length == 0 || asksForHelp(args) || !STARTED.compareAndSet(false, true)) {
      return;
    }
    if (args[0].equals("completion")) {
      return;
    }
    boolean drawingReport = args[0].equals("report") && !names(args, "--format");
    Thread t =
        new Thread(
            () -> {
              json();
              if (drawingReport && !names(args, "--templates")) {
                try {
                  ReportRenderer.warmUpPages(); // the page templates, next on the same thread
                } catch (RuntimeException | Error e) {
                  // nothing to report here: the report meets the same problem and reports it
                }
              }
            },
            "json-warm-up");
    t.setDaemon(true);
    t.start();
    if (drawingReport) {
      FigureRenderer.warmUpInBackground();
    }
  }

  private static boolean asksForHelp(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the command line gives {@code option} (as {@code --option V} or {@code --option=V}).
   */
  private static boolean names(String[] args, String option) {
    for (String a : args) {
      if (a.startsWith(option)) {
        return true;
      }
    }
    return false;
  }

  /** Reads and writes a small document with the shared mapper: classes loaded, caches filled. */
  private static void json() {
    try {
      Map<String, Object> doc = new TreeMap<>();
      doc.put("list", java.util.List.of(1, 2.5, "x", true));
      doc.put("nested", Map.of("n", 3L));
      Json.mapper().readTree(Json.mapper().writeValueAsString(doc));
    } catch (Exception | Error e) {
      // nothing to report: the command repeats the same work and reports what goes wrong
    }
  }
}
