package dev.openaift.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openaift.api.JobRequest;
import dev.openaift.archive.Backup;
import dev.openaift.archive.RetrainOrigin;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.io.Sha256;
import dev.openaift.job.Job;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobIds;
import dev.openaift.job.ModelIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Re-creating an archived job from the archive alone ({@code openai-ft retrain}): its training and
 * validation files from the copies {@code openai-ft backup} keeps ({@code
 * <archive>/files/<file-id>/file.json} names the content; never fetched again), its method,
 * hyperparameters, seed, suffix and metadata, plus {@link #ORIGIN_KEY} naming the job it re-runs.
 * Sends nothing: the command uploads and starts what this plans, through {@link JobLauncher}.
 */
public final class Retrain {
  /** The metadata key (and the field of {@link #ORIGIN_FILE}) naming the job a job re-runs. */
  public static final String ORIGIN_KEY = "retrained_from";

  /** The file in the new job's archive folder that records where it came from. */
  public static final String ORIGIN_FILE = RetrainOrigin.FILE;

  /** The {@code format} of {@link #ORIGIN_FILE}. */
  public static final String ORIGIN_FORMAT = RetrainOrigin.FORMAT;

  /** The API's limit on metadata pairs. */
  private static final int MAX_METADATA = 16;

  /** Hyperparameters each method takes (the API refuses others); integers first. */
  private static final Set<String> INTEGERS = Set.of("n_epochs", "batch_size");

  private static final Map<String, List<String>> HYPERPARAMETERS =
      Map.of(
          "supervised", List.of("n_epochs", "batch_size", "learning_rate_multiplier"),
          "dpo", List.of("n_epochs", "batch_size", "learning_rate_multiplier", "beta"));

  private Retrain() {}

  /**
   * An archived job and the archive's copies of its files.
   *
   * @param validation null when the job had no validation file
   */
  public record Source(Job job, Path folder, DataCopy training, DataCopy validation) {}

  /**
   * A data file's copy in the archive.
   *
   * @param fileId the id the old job used
   * @param file the copy's content
   * @param sha256 its checksum (checked against the backup's record)
   */
  public record DataCopy(String fileId, Path file, String sha256) {}

  /**
   * Reads the job's {@code job.json} and finds the copies of its files.
   *
   * @throws InputFileException (exit 5) when the job is not archived, or a copy is missing or
   *     altered: one line naming it and the command that makes it
   */
  public static Source source(Path archiveRoot, String jobId) {
    Job job = archivedJob(archiveRoot, jobId);
    DataCopy training = copy(archiveRoot, job, "training", job.trainingFile());
    DataCopy validation =
        job.validationFile() == null || job.validationFile().isBlank()
            ? null
            : copy(archiveRoot, job, "validation", job.validationFile());
    return new Source(job, archiveRoot.resolve(jobId), training, validation);
  }

  /**
   * An archived job with the copy of its training file only (the validation file may be missing).
   *
   * @throws InputFileException as {@link #source} does
   */
  public static Source trainingOnly(Path archiveRoot, String jobId) {
    Job job = archivedJob(archiveRoot, jobId);
    return new Source(
        job,
        archiveRoot.resolve(jobId),
        copy(archiveRoot, job, "training", job.trainingFile()),
        null);
  }

  private static Job archivedJob(Path archiveRoot, String jobId) {
    if (!JobIds.isSafe(jobId)) {
      throw new InputFileException(Path.of(jobId), "not a job id");
    }
    Path folder = archiveRoot.resolve(jobId);
    Path jobFile = folder.resolve("job.json");
    if (!Files.isRegularFile(jobFile)) {
      throw new InputFileException(
          jobFile,
          "job "
              + jobId
              + " is not archived here; archive it with: openai-ft backup --jobs "
              + jobId
              + " --reports-dir "
              + archiveRoot);
    }
    return JobFiles.readJob(jobFile);
  }

  private static DataCopy copy(Path root, Job job, String role, String fileId) {
    if (fileId == null || fileId.isBlank()) {
      throw new InputFileException(
          root.resolve(job.id()).resolve("job.json"),
          "the archived job names no " + role + " file");
    }
    String remedy =
        "; make it with: openai-ft backup --jobs "
            + job.id()
            + " --reports-dir "
            + root
            + " (add --data DIR, a folder holding your own copy, when the API no longer serves the"
            + " file)";
    Path metaFile =
        JobIds.isSafe(fileId)
            ? root.resolve(Backup.FILES_DIR).resolve(fileId).resolve(Backup.FILE_META)
            : null;
    JsonNode meta = null;
    if (metaFile != null && Files.isRegularFile(metaFile)) {
      try {
        meta = Json.mapper().readTree(metaFile.toFile());
      } catch (IOException unreadable) {
        meta = null;
      }
    }
    String rel = meta == null ? null : meta.path("path").asText(null);
    String what = role + " file " + fileId + " of job " + job.id();
    if (rel == null) {
      throw new InputFileException(
          metaFile == null ? root : metaFile, "the archive holds no copy of the " + what + remedy);
    }
    Path content = root.resolve(rel).normalize();
    if (!content.startsWith(root.resolve(Backup.FILES_DIR)) || !Files.isRegularFile(content)) {
      throw new InputFileException(
          content, "the archived copy of the " + what + " is gone" + remedy);
    }
    String sha = sha256(content);
    String recorded = meta.path("sha256").asText(null);
    if (recorded != null && !recorded.equals(sha)) {
      throw new InputFileException(
          content,
          "the archived copy of the "
              + what
              + " was altered (sha256 "
              + sha
              + ", backed up as "
              + recorded
              + "); restore it or run: openai-ft backup --verify --reports-dir "
              + root);
    }
    return new DataCopy(fileId, content, sha);
  }

  /**
   * The request that re-runs {@code origin} on {@code model}: the same method, hyperparameters
   * (those the method takes; "auto" left to the service), seed, suffix and metadata, plus {@link
   * #ORIGIN_KEY}. File ids are placeholders until {@link JobLauncher} uploads the copies.
   *
   * @param trainingType Azure's tier, or null
   * @param archiveRoot the archive the job is read from, named in the advice of a refusal
   * @throws IllegalArgumentException when the job cannot be re-created this way (a reinforcement
   *     job; metadata already full)
   */
  public static JobRequest draft(Job origin, String model, String trainingType, Path archiveRoot) {
    String method = origin.methodType() == null ? "supervised" : origin.methodType();
    List<String> accepted = HYPERPARAMETERS.get(method);
    if (accepted == null) {
      String refusal =
          "job "
              + origin.id()
              + " was trained with method "
              + method
              + "; retrain re-creates supervised and dpo jobs only";
      if ("reinforcement".equals(method)) {
        refusal +=
            hasGrader(origin, method)
                ? " (its grader is kept in the archive's job.json, under method."
                    + method
                    + ", for a job started by hand)"
                : " (its archived job.json holds no grader: it was archived before openai-ft"
                    + " kept whole jobs; 'openai-ft backup --jobs "
                    + origin.id()
                    + " --reports-dir "
                    + archiveRoot
                    + "' keeps it while the API still serves the job)";
      }
      throw new IllegalArgumentException(refusal);
    }
    Map<String, Object> hyper = new TreeMap<>();
    for (String key : accepted) {
      Object v = number(key, origin.hyperparameters().get(key));
      if (v != null) {
        hyper.put(key, v);
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>(origin.metadata());
    metadata.put(ORIGIN_KEY, origin.id());
    if (metadata.size() > MAX_METADATA) {
      throw new IllegalArgumentException(
          "job "
              + origin.id()
              + " already has "
              + origin.metadata().size()
              + " metadata pairs: no room for "
              + ORIGIN_KEY
              + " (the API keeps at most "
              + MAX_METADATA
              + ")");
    }
    return new JobRequest(
        model,
        "<training>",
        null,
        origin.suffix(),
        origin.seed(),
        hyper,
        method,
        metadata,
        trainingType);
  }

  /** Whether the archived job's other fields hold a grader object under {@code method.<type>}. */
  private static boolean hasGrader(Job origin, String method) {
    String other = origin.other("method");
    if (other == null) {
      return false;
    }
    try {
      return Json.mapper().readTree(other).path(method).path("grader").isObject();
    } catch (IOException e) {
      return false;
    }
  }

  /** The hyperparameters the archived job had that the new one does not take (said in the plan). */
  public static List<String> dropped(Job origin) {
    String method = origin.methodType() == null ? "supervised" : origin.methodType();
    List<String> accepted = HYPERPARAMETERS.getOrDefault(method, List.of());
    return origin.hyperparameters().keySet().stream()
        .filter(k -> !accepted.contains(k))
        .sorted()
        .toList();
  }

  /** The base model an archived job trained, refusing a continued fine-tune's own model. */
  public static String baseModel(Job origin) {
    return origin.model() == null ? null : origin.model().strip();
  }

  /** Whether the archived job continued from a fine-tuned model rather than a base model. */
  public static boolean continuedFromFineTune(Job origin) {
    return origin.model() != null && ModelIds.isFineTuned(origin.model().strip());
  }

  /** "auto"/absent -> null (the service chooses); a number as an Integer or Double. */
  private static Object number(String key, String text) {
    if (text == null || text.isBlank() || text.strip().equals("auto")) {
      return null;
    }
    try {
      double d = Double.parseDouble(text.strip());
      if (INTEGERS.contains(key) && d == Math.rint(d)) {
        return (int) d;
      }
      return d;
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }

  /**
   * The record of a retrained job's origin ({@link #ORIGIN_FILE}), with sorted keys.
   *
   * @param target {@code azure} or the API's host
   */
  public static Map<String, Object> originRecord(
      Source source,
      String newJobId,
      String target,
      JobRequest sent,
      String trainingUpload,
      String validationUpload) {
    Map<String, Object> m = new TreeMap<>();
    m.put("format", ORIGIN_FORMAT);
    m.put(ORIGIN_KEY, source.job().id());
    m.put("job", newJobId);
    m.put("target", target);
    m.put("model", sent.model());
    m.put("origin_model", source.job().model());
    if (sent.trainingType() != null) {
      m.put(RetrainOrigin.TRAINING_TYPE, sent.trainingType());
    }
    Map<String, Object> files = new TreeMap<>();
    files.put("training", file(source.training(), trainingUpload));
    if (source.validation() != null) {
      files.put("validation", file(source.validation(), validationUpload));
    }
    m.put("files", files);
    return m;
  }

  private static Map<String, Object> file(DataCopy copy, String uploadedAs) {
    Map<String, Object> f = new TreeMap<>();
    f.put("origin_file", copy.fileId());
    f.put("sha256", copy.sha256());
    f.put("uploaded_as", uploadedAs);
    return f;
  }

  /**
   * Writes {@code <archive>/<new job>/retrain.json} atomically. The archive's single writer should
   * take this over once there is one.
   */
  public static void writeOrigin(Path jobFolder, Map<String, Object> record) {
    Path file = jobFolder.resolve(ORIGIN_FILE);
    try {
      AtomicFiles.write(file, Json.pretty().writeValueAsBytes(record));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static String sha256(Path file) {
    try {
      return Sha256.of(file);
    } catch (IOException e) {
      throw new InputFileException(file, "cannot read: " + e.getMessage(), e);
    }
  }
}
