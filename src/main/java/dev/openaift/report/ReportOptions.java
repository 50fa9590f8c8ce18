package dev.openaift.report;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How to render a report.
 *
 * @param formats what to produce; at least one
 * @param templatesDir a folder whose {@code .ftlh} files replace the built-in templates of the same
 *     name, or null for the built-in ones only
 * @param running true when the job is known to be still running (the page then says so even if the
 *     job object looks terminal or is absent)
 * @param figureWidth figure width in pixels
 * @param figureHeight figure height in pixels
 * @param sourceFacts where the job came from (provider, endpoint host, a deployment hint, the files
 *     a Trainer run was read from ...): shown among the summary facts, after the job id
 */
public record ReportOptions(
    Set<ReportFormat> formats,
    Path templatesDir,
    boolean running,
    int figureWidth,
    int figureHeight,
    List<ReportView.Fact> sourceFacts) {

  /** Without source facts (the form every caller used before they existed). */
  public ReportOptions(
      Set<ReportFormat> formats,
      Path templatesDir,
      boolean running,
      int figureWidth,
      int figureHeight) {
    this(formats, templatesDir, running, figureWidth, figureHeight, List.of());
  }

  public static final int DEFAULT_WIDTH = 900;
  public static final int DEFAULT_HEIGHT = 420;

  public ReportOptions {
    if (formats == null || formats.isEmpty()) {
      throw new IllegalArgumentException("at least one report format is needed");
    }
    formats = Set.copyOf(EnumSet.copyOf(formats));
    if (figureWidth < 200 || figureHeight < 150) {
      throw new IllegalArgumentException(
          "figures must be at least 200x150 pixels, got " + figureWidth + "x" + figureHeight);
    }
    sourceFacts = sourceFacts == null ? List.of() : List.copyOf(sourceFacts);
  }

  /** These options showing {@code facts} about where the job came from. */
  public ReportOptions withSourceFacts(List<ReportView.Fact> facts) {
    return new ReportOptions(formats, templatesDir, running, figureWidth, figureHeight, facts);
  }

  /** The given formats, built-in templates, default figure size. */
  public static ReportOptions of(Set<ReportFormat> formats, Path templatesDir, boolean running) {
    return new ReportOptions(formats, templatesDir, running, DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  /** HTML and notebook with the built-in templates. */
  public static ReportOptions defaults() {
    return of(EnumSet.of(ReportFormat.HTML, ReportFormat.IPYNB), null, false);
  }

  public boolean wants(ReportFormat format) {
    return formats.contains(format);
  }
}
