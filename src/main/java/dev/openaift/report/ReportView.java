package dev.openaift.report;

import java.util.List;

/**
 * Everything {@code report.ftlh} shows, as finished strings: the template does no arithmetic and no
 * formatting. Fields that may be absent are null (test with {@code ??} in templates).
 *
 * @param title page title
 * @param jobId the job id
 * @param status job status, or {@code unknown}
 * @param statusClass CSS class for the status badge: {@code ok}, {@code bad}, {@code busy}, {@code
 *     unknown}
 * @param running whether to show the "still running" banner
 * @param runningText the banner text
 * @param modelLine {@code base -> fine-tuned} or just the base model, or null
 * @param facts the job's facts (id, models, method, steps, times, durations, ...)
 * @param hyperparameters sorted
 * @param metrics final and best value of every metric
 * @param highlights best checkpoint, generalisation gap, smoothing used
 * @param warnings problems met while reading the inputs
 * @param cells the numbered notebook-like cells
 * @param generator the footer line
 * @param smoothingWeight the EMA weight of the "smoothed" columns, as text (e.g. {@code 0.6})
 * @param interactive the interactive figures (script, styles, data), or null for a page of images
 *     only
 */
public record ReportView(
    String title,
    String jobId,
    String status,
    String statusClass,
    boolean running,
    String runningText,
    String modelLine,
    List<Fact> facts,
    List<Fact> hyperparameters,
    List<MetricRow> metrics,
    List<Fact> highlights,
    List<String> warnings,
    List<Cell> cells,
    String generator,
    String smoothingWeight,
    Interactive interactive) {

  /**
   * A metric value as every page shows it (4 decimals, scientific below 0.001, grouped from 1,000),
   * for facts made outside this package.
   */
  public static String number(double v) {
    return Text.number(v);
  }

  /** A label and its value. */
  public record Fact(String label, String value) {}

  /** One metric's summary line. */
  public record MetricRow(
      String name,
      String source,
      String points,
      String last,
      String lastStep,
      String best,
      String bestStep,
      String smoothed) {}

  /**
   * A numbered cell: an input caption and one output.
   *
   * @param kind {@code figure}, {@code table}, {@code findings} or {@code events}; only the
   *     matching output field is set
   */
  public record Cell(
      int number,
      String id,
      String heading,
      List<String> input,
      String kind,
      FigureOut figure,
      Table table,
      List<FindingOut> findings,
      EventLog events) {}

  /** An embedded figure. */
  public record FigureOut(String dataUri, String alt, int width, int height, String file) {}

  /** A table of strings. */
  public record Table(List<Column> columns, List<Row> rows, String note) {}

  /** A table column; numeric columns are right-aligned. */
  public record Column(String label, boolean numeric) {}

  /** A table row; {@code highlight} marks e.g. the best checkpoint. */
  public record Row(List<String> cells, boolean highlight, String badge) {}

  /** A finding, with its severity as the CSS class. */
  public record FindingOut(String severity, String code, String text) {}

  /**
   * The event log: the warnings and errors first, then every listed event oldest first.
   *
   * @param note a line saying what was left out, or null
   */
  public record EventLog(List<EventOut> flagged, List<EventOut> all, String total, String note) {}

  /** One event line. */
  public record EventOut(String time, String level, String levelClass, String message) {}

  /**
   * The interactive layer, inlined into the page. Every field but {@code licence} and {@code
   * libraryName} is code or JSON made safe for a {@code <script>} or {@code <style>} element (no
   * closing tag can occur in it) and is written without escaping; nothing in it comes from the
   * job's text unescaped (the data is JSON with {@code <}, {@code >}, {@code &} as unicode
   * escapes).
   *
   * @param libraryJs uPlot's script
   * @param libraryCss uPlot's style sheet
   * @param licence uPlot's licence text (shown, escaped, at the end of the page)
   * @param libraryName {@code uPlot 1.6.30}
   * @param script openai-ft's script drawing the figures
   * @param css openai-ft's styles for them
   * @param dataJson the figures' data
   * @param weight the report's EMA weight, as text
   */
  public record Interactive(
      String libraryJs,
      String libraryCss,
      String licence,
      String libraryName,
      String script,
      String css,
      String dataJson,
      String weight) {}
}
