package dev.openaift.report;

import dev.openaift.job.Job;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders the archive's front page ({@code reports/index.html}) with the template {@code
 * archive-index.ftlh}: one row per archived job, newest first. The template receives finished
 * strings ({@link View}); every value is escaped by FreeMarker's HTML output format.
 */
public final class ArchiveIndexRenderer {
  /** The template's file name (override it with a file of that name in a templates folder). */
  public static final String TEMPLATE = "archive-index.ftlh";

  /** Width and height of a sparkline, in SVG user units (pixels). */
  static final int SPARK_WIDTH = 120;

  static final int SPARK_HEIGHT = 28;

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private ArchiveIndexRenderer() {}

  /**
   * One archived job, as read from its folder.
   *
   * @param jobId the folder's name (a safe job id)
   * @param status job status, or null when unknown
   * @param createdAt unix seconds, or null
   * @param steps the last step with metrics, 0 if none
   * @param finalTrainLoss the last raw training loss, or null
   * @param bestFullValidLoss the lowest full-validation loss, or null
   * @param trainLossSmoothed the smoothed training loss, already downsampled (a few dozen points),
   *     or empty
   * @param shutdownDate when the fine-tuned model shuts down, or null (unknown, or no model)
   * @param daysLeft days from the index's today to {@code shutdownDate} (negative: past), or null
   */
  public record Entry(
      String jobId,
      String status,
      String model,
      String fineTunedModel,
      Long createdAt,
      long steps,
      Double finalTrainLoss,
      Double bestFullValidLoss,
      double[] trainLossSmoothed,
      LocalDate shutdownDate,
      Long daysLeft,
      String source) {}

  /**
   * The template's data model: {@code view}.
   *
   * @param evaluations the archive's evaluations ({@code openai-ft eval}), newest first
   * @param comparisons the archive's comparisons ({@code openai-ft compare}), by folder name
   */
  public record View(
      String title,
      int count,
      List<Row> rows,
      List<Evaluation> evaluations,
      List<Link> comparisons) {}

  /** A comparison of jobs ({@code openai-ft compare}) in the archive. */
  public record Link(String href, String label) {}

  /**
   * One evaluation in the archive, finished strings.
   *
   * @param href relative link to its {@code eval.html}
   * @param job the job it is attached to, or "" when it stands alone
   * @param models the models compared, comma-separated
   */
  public record Evaluation(
      String href, String job, String data, String models, String against, String created) {}

  /**
   * One row, finished strings; empty strings for unknown values.
   *
   * @param href relative link to the job's report
   * @param statusClass {@code ok}, {@code bad}, {@code busy} or {@code unknown}
   * @param sparkPoints SVG polyline points ("x,y x,y ..."), empty when there is no curve
   * @param daysLeft days until the fine-tuned model shuts down ({@code 46}, {@code shut down}), or
   *     empty
   * @param soonest whether this job's model shuts down first among the archive's (highlighted)
   */
  public record Row(
      String jobId,
      String href,
      String status,
      String statusClass,
      String model,
      String fineTunedModel,
      String created,
      String steps,
      String finalTrainLoss,
      String bestFullValidLoss,
      String sparkPoints,
      String sparkTitle,
      int sparkWidth,
      int sparkHeight,
      String shutdownDate,
      String daysLeft,
      boolean soonest,
      String source) {}

  /**
   * Renders the page: entries newest first (then by id), dates in {@code zone}.
   *
   * @param templatesDir a folder whose {@code archive-index.ftlh}/{@code style.ftlh} override the
   *     built-in ones, or null
   */
  public static byte[] render(List<Entry> entries, Path templatesDir, ZoneId zone) {
    return render(entries, List.of(), templatesDir, zone);
  }

  /**
   * As above, with the archive's evaluations listed below the jobs (and linked from their job's
   * row).
   */
  public static byte[] render(
      List<Entry> entries, List<Evaluation> evaluations, Path templatesDir, ZoneId zone) {
    return render(entries, evaluations, java.util.Map.of(), templatesDir, zone);
  }

  /**
   * As above, with links to the archive's comparisons below the jobs.
   *
   * @param comparisons folder name -> the job ids it compares
   */
  public static byte[] render(
      List<Entry> entries,
      List<Evaluation> evaluations,
      java.util.Map<String, List<String>> comparisons,
      Path templatesDir,
      ZoneId zone) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(
        Comparator.comparing((Entry e) -> e.createdAt() == null ? Long.MIN_VALUE : e.createdAt())
            .reversed()
            .thenComparing(Entry::jobId));
    Long soonest = null;
    for (Entry e : sorted) {
      if (e.daysLeft() != null
          && e.daysLeft() >= 0
          && (soonest == null || e.daysLeft() < soonest)) {
        soonest = e.daysLeft();
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Entry e : sorted) {
      rows.add(row(e, zone, soonest));
    }
    List<Link> links = new ArrayList<>();
    new java.util.TreeMap<>(comparisons)
        .forEach(
            (folder, ids) ->
                links.add(
                    new Link(
                        folder + "/index.html", ids.size() + " jobs: " + String.join(", ", ids))));
    List<Evaluation> shown = new ArrayList<>();
    for (Evaluation e : evaluations) {
      shown.add(
          new Evaluation(
              e.href(), e.job(), e.data(), e.models(), e.against(), minutes(e.created(), zone)));
    }
    View view = new View("Fine-tuning jobs", rows.size(), rows, List.copyOf(shown), links);
    return HtmlRenderer.process(
        HtmlRenderer.configuration(templatesDir), TEMPLATE, view, 4096 + 1024 * rows.size());
  }

  /**
   * An evaluation's {@code created_at} ({@code 2026-12-07T03:04:05.123456789Z}) as the jobs' dates
   * are shown ({@code 2026-12-07 03:04}); text that is not such a time is shown as it is.
   */
  static String minutes(String instant, ZoneId zone) {
    try {
      return DATE.format(Instant.parse(instant).atZone(zone));
    } catch (java.time.format.DateTimeParseException e) {
      return instant;
    }
  }

  static Row row(Entry e, ZoneId zone) {
    return row(e, zone, null);
  }

  /**
   * A row; {@code soonest} is the fewest days left of any model not yet shut down (highlighted), or
   * null.
   */
  static Row row(Entry e, ZoneId zone, Long soonest) {
    String status = e.status() == null ? "unknown" : e.status();
    return new Row(
        e.jobId(),
        e.jobId() + "/index.html",
        status,
        statusClass(e.status()),
        orEmpty(e.model()),
        orEmpty(e.fineTunedModel()),
        e.createdAt() == null ? "" : DATE.format(Instant.ofEpochSecond(e.createdAt()).atZone(zone)),
        e.steps() > 0 ? Long.toString(e.steps()) : "",
        loss(e.finalTrainLoss()),
        loss(e.bestFullValidLoss()),
        sparkPoints(e.trainLossSmoothed()),
        sparkTitle(e.trainLossSmoothed()),
        SPARK_WIDTH,
        SPARK_HEIGHT,
        e.shutdownDate() == null ? "" : e.shutdownDate().toString(),
        e.daysLeft() == null ? "" : e.daysLeft() <= 0 ? "shut down" : Long.toString(e.daysLeft()),
        soonest != null && soonest.equals(e.daysLeft()),
        orEmpty(e.source()));
  }

  static String statusClass(String status) {
    if (status == null) {
      return "unknown";
    }
    return switch (status) {
      case "succeeded" -> "ok";
      case "failed", "cancelled" -> "bad";
      default -> Job.active(status) ? "busy" : "unknown";
    };
  }

  /**
   * Polyline points scaled into the sparkline box (1 px margin), y growing downwards; "" if under 2
   * points.
   */
  static String sparkPoints(double[] values) {
    if (values == null) {
      return "";
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int finite = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        finite++;
      }
    }
    if (finite < 2) {
      return "";
    }
    double span = max - min;
    double w = SPARK_WIDTH - 2;
    double h = SPARK_HEIGHT - 2;
    StringBuilder b = new StringBuilder();
    int n = values.length;
    for (int i = 0; i < n; i++) {
      double v = values[i];
      if (!Double.isFinite(v)) {
        continue;
      }
      double x = 1 + w * i / (n - 1);
      double y = 1 + (span == 0 ? h / 2 : h * (max - v) / span);
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
    }
    return b.toString();
  }

  private static String sparkTitle(double[] values) {
    if (values == null || values.length < 2) {
      return "";
    }
    return "smoothed training loss: " + loss(values[0]) + " to " + loss(values[values.length - 1]);
  }

  private static String loss(Double v) {
    return v == null || !Double.isFinite(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
