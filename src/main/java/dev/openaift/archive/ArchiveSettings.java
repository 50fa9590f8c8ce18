package dev.openaift.archive;

import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.report.ReportFormat;
import dev.openaift.retirement.Shutdowns;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How archived jobs are reported.
 *
 * @param analysis smoothing and rolling window
 * @param formats the report's outputs; {@code json} is always added (the archive index reads each
 *     job's {@code summary.json}, and its sparkline comes from {@code metrics.csv}, so {@code csv}
 *     is always added too)
 * @param templates a folder of {@code .ftlh} templates overriding the built-in ones, or null
 * @param zone the time zone of the dates on the archive index
 */
public record ArchiveSettings(
    AnalysisOptions analysis, Set<ReportFormat> formats, Path templates, ZoneId zone) {
  public ArchiveSettings {
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(zone, "zone");
    EnumSet<ReportFormat> all =
        formats == null || formats.isEmpty()
            ? EnumSet.of(ReportFormat.HTML, ReportFormat.IPYNB)
            : EnumSet.copyOf(formats);
    all.add(ReportFormat.JSON);
    all.add(ReportFormat.CSV);
    formats = Set.copyOf(all);
  }

  /** Default analysis, html + ipynb (+ json, csv), built-in templates. */
  public static ArchiveSettings defaults(ZoneId zone) {
    return new ArchiveSettings(AnalysisOptions.DEFAULTS, null, null, zone);
  }

  /**
   * These settings, with the fine-tuned model's shutdown counted by {@code s} in reports and the
   * index.
   */
  public ArchiveSettings withShutdowns(Shutdowns s) {
    return new ArchiveSettings(analysis.withShutdowns(s), formats, templates, zone);
  }
}
