package dev.openaift.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.Json;
import dev.openaift.job.InputFileException;
import dev.openaift.job.Job;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobIds;
import dev.openaift.metrics.JobInputs;
import dev.openaift.report.ReportService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The archive folder ({@code reports/} by default): one sub-folder per job, named by its id, plus
 * the front page {@code index.html}. Job ids are checked before they become paths, so nothing is
 * ever written outside the archive.
 */
public final class Archive {
  /** The archive's front page. */
  public static final String INDEX_FILE = "index.html";

  private static final ObjectMapper JSON = Json.mapper();

  private final Path root;

  public Archive(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * The folder of a job (not created here).
   *
   * @throws IllegalArgumentException when the id is not a safe folder name ({@link JobIds})
   */
  public Path folder(String jobId) {
    JobIds.requireSafe(jobId);
    Path folder = root.resolve(jobId).normalize();
    if (!folder.getParent().equals(root)) {
      throw new IllegalArgumentException("not a valid job id: '" + jobId + "'");
    }
    return folder;
  }

  /** {@code <folder>/events.jsonl}. */
  public Path eventsFile(String jobId) {
    return folder(jobId).resolve(JobInputs.EVENTS);
  }

  /**
   * Whether the job's folder holds a {@code job.json} of a finished job and the report of that
   * finished job ({@code summary.json} with the same final status): such a job needs no new visit.
   * An interim report ("still running") left by a run that stopped after storing the finished job
   * but before its final report does not count.
   */
  public boolean hasFinished(String jobId) {
    Path file = folder(jobId).resolve(JobInputs.JOB);
    Path summary = folder(jobId).resolve(ReportService.SUMMARY_FILE);
    if (!Files.isRegularFile(file) || !Files.isRegularFile(summary)) {
      return false;
    }
    try {
      Job job = JobFiles.readJob(file);
      JsonNode reported = JSON.readTree(summary.toFile());
      return job.isTerminal()
          && reported != null
          && job.status().equals(reported.path("status").asText(null));
    } catch (InputFileException | IOException unreadable) {
      return false;
    }
  }

  /** The front page {@code <root>/index.html}. */
  public Path indexFile() {
    return root.resolve(INDEX_FILE);
  }
}
