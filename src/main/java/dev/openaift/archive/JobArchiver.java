package dev.openaift.archive;

import dev.openaift.api.FileInfo;
import dev.openaift.api.FineTuningGateway;
import dev.openaift.api.Pages;
import dev.openaift.api.Sleeper;
import dev.openaift.follow.EventFollower;
import dev.openaift.follow.FollowListener;
import dev.openaift.follow.FollowOptions;
import dev.openaift.io.AtomicFiles;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobFileWriter;
import dev.openaift.job.JobIds;
import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.Analyzer;
import dev.openaift.metrics.JobAnalysis;
import dev.openaift.metrics.JobInputs;
import dev.openaift.report.ReportOptions;
import dev.openaift.report.ReportService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Archives one job from the API into {@code <archive>/<job-id>/} and renders its report there, so
 * the report can be rebuilt offline from the folder alone.
 *
 * <p>Files: {@code events.jsonl} (appended, only the events not stored yet are fetched), {@code
 * checkpoints.json}, {@code results.csv} (the result file, base64 decoded) and {@code job.json},
 * then the report ({@code index.html}, {@code report.ipynb}, {@code summary.json}, {@code
 * metrics.csv}). Every file but the event log is written atomically.
 *
 * <p>A job with several result files: the one named {@code step_metrics.csv} is archived, else the
 * first one the job lists (the API lists one file per job in practice).
 *
 * <p>{@link #archiveEach} and {@link #archiveAll} archive many jobs one at a time ({@code report
 * JOB_ID...} and {@code report --all}).
 */
public final class JobArchiver {
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

  /** The API's largest page of jobs. */
  private static final int JOB_PAGE = 100;

  private final FineTuningGateway gateway;
  private final Archive archive;
  private final ArchiveSettings settings;
  private final Clock clock;
  private final Sleeper sleeper;

  public JobArchiver(
      FineTuningGateway gateway,
      Archive archive,
      ArchiveSettings settings,
      Clock clock,
      Sleeper sleeper) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.archive = Objects.requireNonNull(archive, "archive");
    this.clock = Objects.requireNonNull(clock, "clock");
    // the archive's dates, whoever archives: the same shutdown finding in every report
    this.settings = archive.reportSettings(Objects.requireNonNull(settings, "settings"), clock);
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /**
   * What archiving did.
   *
   * @param report the report, or null when there was nothing to report yet
   * @param newEvents how many events were fetched that the folder did not hold
   */
  public record Archived(Job job, Path folder, Report report, int newEvents) {}

  /**
   * A rendered report.
   *
   * @param file the report's main file ({@code index.html} unless html was not asked for)
   * @param analysis what the report shows
   */
  public record Report(Path file, JobAnalysis analysis) {}

  /**
   * Fetches the job, its new events, its checkpoints and its result file, writes them into the
   * job's folder and renders the report there (saying "still running" for a job that is not
   * finished), holding the archive's lock. The job id is checked first; an unknown job writes
   * nothing, nor does a job whose folder holds a job of that id from another provider or host
   * ({@link Archive#claim}).
   */
  public Archived archive(String jobId) {
    archive.folder(jobId);
    return archive(gateway.getJob(jobId));
  }

  /** {@code report JOB_ID... | --all}: told what happened to each job, in order. */
  public interface Listener {
    /** A job archived (and reported when it had events or results). */
    void archived(Archived archived);

    /** A listed job left alone: one line saying which and why. */
    void skipped(String line);
  }

  /**
   * Archives and reports the jobs of {@code ids}, in that order; a job that fails is the guard's to
   * report, and the others go on.
   */
  public void archiveEach(List<String> ids, Backup.JobGuard guard, Listener listener) {
    for (String id : ids) {
      guard.attempt(id, () -> listener.archived(archive(id)));
    }
  }

  /**
   * Archives and reports every job of the account, page by page; a job whose id is no usable folder
   * name is skipped, and so is a finished job already archived unless {@code force} (which counts
   * as done for the guard).
   */
  public void archiveAll(boolean force, Backup.JobGuard guard, Listener listener) {
    Pages.walk(
        after -> gateway.listJobs(after, JOB_PAGE),
        Job::id,
        page -> {
          for (Job j : page.data()) {
            if (!JobIds.isSafe(j.id())) {
              listener.skipped("skipped " + j.id() + ": not a usable job id");
            } else if (!force && archive.hasFinished(j.id())) {
              guard.attempt(
                  j.id(),
                  () ->
                      listener.skipped(
                          "skipped " + j.id() + " (" + j.status() + ", already archived)"));
            } else {
              guard.attempt(j.id(), () -> listener.archived(archive(j)));
            }
          }
          return true;
        });
  }

  /** {@link #archive(String)} for a job object already fetched (e.g. from the job list). */
  public Archived archive(Job job) {
    String jobId = job.id();
    Path folder = archive.folder(jobId);
    try (Archive.Lock held = archive.lock("archiving " + jobId)) {
      archive.claim(jobId, JobSource.of(gateway.connection()));
      return archiveLocked(job, folder);
    }
  }

  private Archived archiveLocked(Job job, Path folder) {
    String jobId = job.id();
    int newEvents;
    try (FileEventStore store = FileEventStore.open(folder.resolve(JobInputs.EVENTS))) {
      EventFollower reader =
          new EventFollower(
              gateway,
              jobId,
              store,
              FollowListener.silent(),
              clock,
              sleeper,
              FollowOptions.defaults());
      newEvents = reader.readNew().size();
    }
    Report report = updateLocked(job, !job.isTerminal());
    return new Archived(job, folder, report, newEvents);
  }

  /**
   * Writes {@code job.json}, fetches the checkpoints and (once the job lists one) the result file,
   * and renders the report from the folder; the events are expected in the folder already (the
   * follow loop stores them). Returns the report, or null when the folder has neither events nor
   * results yet. Holds the archive's lock (waiting for another run that holds it).
   *
   * @param running true while the job is still running (the page says so)
   */
  public Report update(Job job, boolean running) {
    try (Archive.Lock held = archive.lock("reporting " + job.id())) {
      return updateLocked(job, running);
    }
  }

  private Report updateLocked(Job job, boolean running) {
    Path folder = archive.folder(job.id());
    JobSource source = JobSource.of(gateway.connection());
    archive.claim(job.id(), source);
    List<Checkpoint> checkpoints = gateway.listCheckpoints(job.id());
    byte[] results = job.resultFiles().isEmpty() ? null : fetchResults(job);
    JobFileWriter.writeCheckpoints(folder.resolve(JobInputs.CHECKPOINTS), checkpoints);
    if (results != null) {
      write(folder, JobInputs.RESULTS, results);
    }
    JobFileWriter.writeJob(folder.resolve(JobInputs.JOB), job);
    if (source != null) {
      source.write(folder);
    }
    return renderLocked(folder, running);
  }

  /**
   * Renders the report of an archived folder (under the archive's lock); null when it has neither
   * events nor results.
   */
  public Report render(Path folder, boolean running) {
    try (Archive.Lock held = archive.lock("reporting " + folder.getFileName())) {
      return renderLocked(folder, running);
    }
  }

  private Report renderLocked(Path folder, boolean running) {
    if (!hasContent(folder.resolve(JobInputs.RESULTS))
        && !hasContent(folder.resolve(JobInputs.EVENTS))) {
      return null;
    }
    // the dates of the provider that serves this job's model (Azure's are not OpenAI's)
    AnalysisOptions dates =
        settings
            .analysis()
            .withShutdowns(Archive.shutdownsOf(folder, settings.analysis().shutdowns()));
    JobAnalysis analysis = Analyzer.analyze(JobInputs.fromDirectory(folder), dates);
    ReportOptions options = ReportOptions.of(settings.formats(), settings.templates(), running);
    JobSource source = JobSource.read(folder);
    if (source != null) {
      options =
          options.withSourceFacts(
              source.facts(analysis.job() == null ? null : analysis.job().fineTunedModel()));
    }
    Path file = ReportService.write(analysis, options, folder);
    return new Report(file, analysis);
  }

  private byte[] fetchResults(Job job) {
    List<String> ids = job.resultFiles();
    String chosen = ids.get(0);
    if (ids.size() > 1) {
      for (String id : ids) {
        FileInfo info = gateway.getFile(id);
        if (info.filename() != null && info.filename().endsWith("step_metrics.csv")) {
          chosen = id;
          break;
        }
      }
    }
    return decoded(gateway.fileContent(chosen));
  }

  /** The content itself, or its decoding when it is one line of base64 (result files of 2024). */
  static byte[] decoded(byte[] content) {
    String text = new String(content, StandardCharsets.US_ASCII).strip();
    if (text.length() < 8 || text.length() % 4 != 0 || !BASE64.matcher(text).matches()) {
      return content;
    }
    try {
      byte[] plain = Base64.getDecoder().decode(text);
      String csv = new String(plain, StandardCharsets.UTF_8);
      return csv.indexOf(',') > 0 && csv.indexOf('\n') > 0 ? plain : content;
    } catch (IllegalArgumentException notBase64) {
      return content;
    }
  }

  private static boolean hasContent(Path file) {
    try {
      return Files.isRegularFile(file) && Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void write(Path folder, String name, byte[] content) {
    if (content == null) {
      return;
    }
    try {
      AtomicFiles.write(folder.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + folder.resolve(name) + ": " + e.getMessage(), e);
    }
  }
}
