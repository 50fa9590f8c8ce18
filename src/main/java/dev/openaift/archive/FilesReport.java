package dev.openaift.archive;

import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.JobInputs;
import dev.openaift.report.ReportOptions;
import dev.openaift.report.ReportService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The report of one job from files on disk: a job folder (reported in place, and in its archive
 * when it is in one), or loose files, which get a folder of their own in the archive, found again
 * by where they were read from.
 */
public final class FilesReport {
  private final Path folder;
  private final Path out;
  private final Archive archive;
  private final JobAnalysis analysis;
  private final String origin;

  private FilesReport(
      Path folder,
      JobInputs loose,
      Path out,
      Path reportsDir,
      Consumer<String> notices,
      AnalysisOptions options,
      Clock clock) {
    this.folder = folder;
    this.out = out;
    JobInputs inputs = folder != null ? JobInputs.fromDirectory(folder) : loose;
    this.archive =
        out != null
            ? null
            : folder != null
                ? archiveOf(folder, reportsDir, notices)
                : new Archive(reportsDir, notices);
    AnalysisOptions dated =
        archive == null
            ? options
            : options.withShutdowns(
                Archive.shutdownsOf(folder, archive.shutdowns(options.shutdowns(), clock)));
    this.analysis = Analyzer.analyze(inputs, dated);
    this.origin =
        out == null && folder == null
            ? (loose.results() != null
                    ? loose.results()
                    : loose.events() != null ? loose.events() : loose.job())
                .toAbsolutePath()
                .normalize()
                .toString()
            : null;
  }

  /** Reads and analyses a job folder, reported in place unless {@code out} is given. */
  public static FilesReport ofFolder(
      Path folder,
      Path out,
      Path reportsDir,
      Consumer<String> notices,
      AnalysisOptions options,
      Clock clock) {
    return new FilesReport(folder, null, out, reportsDir, notices, options, clock);
  }

  /**
   * Reads and analyses loose files; the report goes to {@code out}, else to a folder of its own in
   * {@code reportsDir}.
   */
  public static FilesReport ofFiles(
      JobInputs files,
      Path out,
      Path reportsDir,
      Consumer<String> notices,
      AnalysisOptions options,
      Clock clock) {
    return new FilesReport(null, files, out, reportsDir, notices, options, clock);
  }

  public JobAnalysis analysis() {
    return analysis;
  }

  /** The archive the report goes into (its index to rebuild), or null. */
  public Archive archive() {
    return archive;
  }

  /**
   * Writes the report, with the facts of the folder's {@code source.json}, holding the archive's
   * lock; loose files get their own {@code source.json}. Returns the report's main file.
   *
   * @param what this run as another one waiting for the archive is told
   */
  public Path write(ReportOptions options, String what) {
    JobSource source = folder != null ? JobSource.read(folder) : null;
    ReportOptions withFacts =
        source == null
            ? options
            : options.withSourceFacts(
                source.facts(analysis.job() == null ? null : analysis.job().fineTunedModel()));
    try (Archive.Lock held = archive == null ? null : archive.lock("report " + what)) {
      Path target =
          out != null ? out : folder != null ? folder : archive.runFolder(analysis.jobId(), origin);
      Path written = ReportService.write(analysis, withFacts, target);
      if (origin != null) {
        new JobSource(JobSource.FILES, null, null, null, origin).write(target);
      }
      return written;
    }
  }

  /**
   * The archive a folder is in, when it is one: {@code reportsDir}, or a folder with an archive
   * index or lock; else null (a folder elsewhere is reported in place, nothing else is touched).
   */
  private static Archive archiveOf(Path folder, Path reportsDir, Consumer<String> notices) {
    Path parent = folder.toAbsolutePath().normalize().getParent();
    if (parent == null) {
      return null;
    }
    boolean archive =
        parent.equals(reportsDir.toAbsolutePath().normalize())
            || Files.isRegularFile(parent.resolve(Archive.INDEX_FILE))
            || Files.isRegularFile(parent.resolve(Archive.LOCK_FILE));
    return archive ? new Archive(parent, notices) : null;
  }
}
