package dev.openaift.retirement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the archive knows about jobs, read only: which job made a model or checkpoint (from each job
 * folder's {@code job.json}, {@code fine_tuned_model}, and {@code checkpoints.json}), and where
 * {@code openai-ft backup} keeps the copy of a training or validation file ({@code
 * files/<file-id>/file.json}, whose {@code path} names the content relative to the archive root, or
 * is null when the API refused it and no local copy was found). Unreadable job folders are left
 * out: this view never fails on them.
 */
public final class ArchivedJobs {
  // The names archive/Backup and metrics/JobInputs give these files. Spelt here, not imported: both
  // packages depend on this one (for shutdown dates), and a test keeps the names equal.

  /** A job folder's job, as the API described it. */
  static final String JOB_FILE = "job.json";

  /** A job folder's checkpoints. */
  static final String CHECKPOINTS_FILE = "checkpoints.json";

  /** {@code <archive>/files}: the backup's copies of data files. */
  static final String FILES_DIR = "files";

  /** The metadata of one backed-up data file, in its folder. */
  static final String FILE_META = "file.json";

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * The archived copy of a data file.
   *
   * @param fileId the API's file id
   * @param file the content in the archive
   * @param filename the name the file was uploaded under (the API's), or null
   * @param sha256 the hex SHA-256 the backup wrote down, or null
   */
  public record DataCopy(String fileId, Path file, String filename, String sha256) {}

  /** A copy, or why there is none (exactly one of the two is set). */
  public record Lookup(DataCopy copy, String why) {}

  private final Path root;
  private final Map<String, Job> jobs;
  private final Map<String, String> jobOfModel;

  private ArchivedJobs(Path root, Map<String, Job> jobs, Map<String, String> jobOfModel) {
    this.root = root;
    this.jobs = jobs;
    this.jobOfModel = jobOfModel;
  }

  /** Reads the job folders directly under {@code root} (none when it does not exist). */
  public static ArchivedJobs read(Path root) {
    Map<String, Job> jobs = new TreeMap<>();
    Map<String, String> jobOfModel = new TreeMap<>();
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
        for (Path folder : ds) {
          String name = folder.getFileName().toString();
          Path jobFile = folder.resolve(JOB_FILE);
          if (!JobIds.isSafe(name) || !Files.isRegularFile(jobFile)) {
            continue;
          }
          try {
            Job job = JobFiles.readJob(jobFile);
            jobs.put(job.id() == null ? name : job.id(), job);
            String id = job.id() == null ? name : job.id();
            if (job.fineTunedModel() != null) {
              jobOfModel.putIfAbsent(job.fineTunedModel(), id);
            }
            Path ckpts = folder.resolve(CHECKPOINTS_FILE);
            if (Files.isRegularFile(ckpts)) {
              for (Checkpoint c : JobFiles.readCheckpoints(ckpts)) {
                if (c.fineTunedModelCheckpoint() != null) {
                  jobOfModel.putIfAbsent(c.fineTunedModelCheckpoint(), id);
                }
              }
            }
          } catch (InputFileException | UncheckedIOException unreadable) {
            // a folder that cannot be read says nothing about any model
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
      }
    }
    return new ArchivedJobs(root, jobs, jobOfModel);
  }

  /** The archive's root folder. */
  public Path root() {
    return root;
  }

  /** The archived job that made this model or checkpoint. */
  public Optional<String> jobOf(String model) {
    return Optional.ofNullable(jobOfModel.get(model));
  }

  /** The job as archived ({@code <job-id>/job.json}). */
  public Optional<Job> job(String jobId) {
    return Optional.ofNullable(jobId == null ? null : jobs.get(jobId));
  }

  /** Whether {@code <job-id>/job.json} is there (and readable). */
  public boolean archived(String jobId) {
    return jobId != null && jobs.containsKey(jobId);
  }

  /** The backup's copy of the data file {@code fileId}, or why there is none. */
  public Lookup dataCopy(String fileId) {
    if (fileId == null || !JobIds.isSafe(fileId)) {
      return new Lookup(null, "not a usable file id");
    }
    Path dir = root.resolve(FILES_DIR).resolve(fileId);
    Path metaFile = dir.resolve(FILE_META);
    if (!Files.isRegularFile(metaFile)) {
      return new Lookup(null, "not backed up");
    }
    JsonNode meta;
    try {
      meta = JSON.readTree(metaFile.toFile());
    } catch (IOException e) {
      return new Lookup(null, "its " + FILE_META + " in the archive is unreadable");
    }
    String filename = Json.text(meta.path("metadata").path("filename"));
    String path = Json.text(meta.path("path"));
    if (path == null) {
      return new Lookup(
          null,
          "the API refused its content"
              + (meta.hasNonNull("local_copy") ? " and no local copy was found" : "")
              + " (backup --data DIR takes a local copy)");
    }
    Path content = root.resolve(path).normalize();
    if (!content.startsWith(dir.normalize()) || !Files.isRegularFile(content)) {
      return new Lookup(null, "its copy is missing from the archive (rerun backup)");
    }
    return new Lookup(
        new DataCopy(fileId, content, filename, Json.text(meta.path("sha256"))), null);
  }
}
