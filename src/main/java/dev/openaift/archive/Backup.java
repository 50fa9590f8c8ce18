package dev.openaift.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openaift.api.ApiException;
import dev.openaift.api.FileInfo;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.api.ModelEntry;
import dev.openaift.api.Pages;
import dev.openaift.api.Sleeper;
import dev.openaift.follow.FollowOptions;
import dev.openaift.follow.Retries;
import dev.openaift.io.AtomicFiles;
import dev.openaift.io.Json;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobIds;
import dev.openaift.metrics.JobInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Copies everything the account holds about fine-tuning into the archive, so the archive alone is a
 * complete record once the service is gone ({@code openai-ft backup}).
 *
 * <p>Layout under the archive root:
 *
 * <ul>
 *   <li>{@code <job-id>/}: what {@link JobArchiver} writes ({@code job.json}, {@code events.jsonl},
 *       {@code checkpoints.json}, {@code results.csv} decoded, the report), plus {@code
 *       result-files/<file-id>.csv} when a job lists more than one result file, {@code
 *       checkpoint-permissions.json} and the hidden {@code .backup.json}: the job as archived and
 *       the entries of its files, written last (a job without it, or whose listed object differs
 *       from it, is archived again);
 *   <li>{@code files/<file-id>/}: a training or validation file, once per file id whatever the
 *       number of jobs using it: its content under its (sanitised) name and {@code file.json} (the
 *       API's metadata, where the content came from, or why it could not be fetched), written last;
 *   <li>{@code models.json}: the models list with shutdown dates; {@code index.html}: the archive's
 *       front page; {@code backup.json}: the manifest ({@link BackupManifest}), written last.
 * </ul>
 *
 * <p>Every file is written atomically, so a run killed at any moment leaves whole files only; the
 * next run skips what is complete and fetches the rest. A second run over an unchanged account
 * lists the jobs and fetches nothing else. Reads are retried like the follow loop's ({@link
 * Retries}).
 */
public final class Backup {
  /** Where shared training and validation files go. */
  public static final String FILES_DIR = "files";

  /** Metadata of one data file, in its folder. */
  public static final String FILE_META = "file.json";

  public static final String MODELS_FILE = "models.json";
  public static final String PERMISSIONS_FILE = "checkpoint-permissions.json";
  public static final String RESULT_FILES_DIR = "result-files";

  /** A job folder's record of its completed backup. */
  public static final String JOB_MARKER = ".backup.json";

  /** Our API records in the wire's names; dates as {@code YYYY-MM-DD} (a model's shutdown date). */
  private static final ObjectMapper SNAKE =
      Json.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .addModule(
              new com.fasterxml.jackson.databind.module.SimpleModule()
                  .addSerializer(
                      java.time.LocalDate.class,
                      com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance))
          .build();

  /**
   * What to back up.
   *
   * @param jobIds only these jobs (fetched one by one, no listing), or empty for every job
   * @param since only jobs created at or after this instant, or null
   * @param dataDir where to look for a local copy of a file whose content the API refuses, or null
   */
  public record Options(List<String> jobIds, Instant since, Path dataDir) {
    public Options {
      jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
    }
  }

  /** How a job fared. */
  public enum JobOutcome {
    ARCHIVED,
    UNCHANGED,
    FAILED
  }

  /** Told of progress; every method has a silent default. */
  public interface Listener {
    default void onJobs(int total) {}

    default void onJob(Job job, JobOutcome outcome, long bytes) {}

    default void onDataFile(String fileId, long bytes) {}

    default void onRetry(ApiException fault, int attempt, Duration wait) {}

    default void onMissing(BackupManifest.Missing missing) {}
  }

  /** Runs one job's work, deciding what a failure of that one job does to the others. */
  @FunctionalInterface
  public interface JobGuard {
    /** Runs the work; returns false when it failed and the run should go on with the next job. */
    boolean attempt(String jobId, Runnable work);
  }

  /**
   * What a run did.
   *
   * @param jobs jobs listed (or asked for)
   * @param archived jobs fetched and archived in this run
   * @param unchanged jobs already archived as they are now
   * @param failed jobs that could not be archived
   * @param dataFiles training and validation files in the archive
   * @param bytes bytes written in this run (files new or changed)
   * @param missing everything the archive lacks, with the reason
   * @param manifest the manifest's path
   * @param files files listed in the manifest
   */
  public record Summary(
      int jobs,
      int archived,
      int unchanged,
      int failed,
      int dataFiles,
      long bytes,
      List<BackupManifest.Missing> missing,
      Path manifest,
      int files) {}

  private final LifecycleGateway api;
  private final RetryingGateway gateway;
  private final Archive archive;
  private final ArchiveSettings settings;
  private final Clock clock;
  private final Listener listener;
  private final JobArchiver archiver;
  private final Map<String, DataFile> dataFiles = new HashMap<>();
  private final Map<String, BackupManifest.Missing> runMissing = new LinkedHashMap<>();
  private String permissionsNotServed;
  private long bytes;

  public Backup(
      LifecycleGateway api,
      Archive archive,
      ArchiveSettings settings,
      Clock clock,
      Sleeper sleeper,
      FollowOptions retryOptions,
      Listener listener) {
    this.api = Objects.requireNonNull(api, "api");
    this.archive = Objects.requireNonNull(archive, "archive");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    Retries.Waits waits =
        d -> {
          try {
            sleeper.sleep(d);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(
                ApiException.Kind.INTERRUPTED, 0, "interrupted while waiting to retry", e);
          }
        };
    this.gateway =
        new RetryingGateway(api, new Retries(clock, retryOptions), listener::onRetry, waits);
    this.archiver = new JobArchiver(gateway, archive, settings, clock, sleeper);
  }

  /** Backs up, then writes the manifest. */
  public Summary run(Options options, JobGuard guard) {
    List<Job> jobs = options.jobIds().isEmpty() ? listJobs(options.since()) : getJobs(options);
    listener.onJobs(jobs.size());
    int archived = 0;
    int unchanged = 0;
    int failed = 0;
    for (Job job : jobs) {
      if (!JobIds.isSafe(job.id())) {
        missing("job " + job.id(), "not a usable job id");
        failed++;
        continue;
      }
      if (isComplete(job)) {
        if (options.dataDir() != null) {
          // a file refused before may have a local copy now (no request: its file.json is there)
          guard.attempt(
              job.id(),
              () -> {
                for (String id : new String[] {job.trainingFile(), job.validationFile()}) {
                  if (id != null) {
                    dataFile(id, options.dataDir());
                  }
                }
              });
        }
        unchanged++;
        listener.onJob(job, JobOutcome.UNCHANGED, 0);
        continue;
      }
      long[] written = new long[1];
      boolean ok = guard.attempt(job.id(), () -> written[0] = backupJob(job, options.dataDir()));
      if (ok) {
        archived++;
        listener.onJob(job, JobOutcome.ARCHIVED, written[0]);
      } else {
        failed++;
        listener.onJob(job, JobOutcome.FAILED, 0);
      }
    }
    removeLeftovers(archive.root());
    Path models = archive.root().resolve(MODELS_FILE);
    if (archived > 0 || !Files.isRegularFile(models)) {
      writeModels(models);
    }
    if (archived > 0 || !Files.isRegularFile(archive.indexFile())) {
      archive.rebuildIndex(settings, clock);
    }
    return writeManifest(jobs.size(), archived, unchanged, failed);
  }

  // ---- the jobs

  private List<Job> listJobs(Instant since) {
    List<Job> jobs = new ArrayList<>();
    Pages.walk(
        after -> gateway.listJobs(after, 100),
        Job::id,
        page -> {
          boolean older = false;
          for (Job j : page.data()) {
            if (since != null && j.createdAt() != null && j.createdAt() < since.getEpochSecond()) {
              older = true;
            } else {
              jobs.add(j);
            }
          }
          return !older;
        });
    return jobs;
  }

  private List<Job> getJobs(Options options) {
    List<Job> jobs = new ArrayList<>();
    for (String id : options.jobIds()) {
      JobIds.requireSafe(id);
      Job j = gateway.getJob(id);
      if (options.since() == null
          || j.createdAt() == null
          || j.createdAt() >= options.since().getEpochSecond()) {
        jobs.add(j);
      }
    }
    return jobs;
  }

  /** Whether the job's folder holds a finished backup of the job as it is listed now. */
  private boolean isComplete(Job job) {
    if (!job.isTerminal()) {
      return false;
    }
    Path folder = archive.folder(job.id());
    JsonNode marker = BackupManifest.readJsonQuietly(folder.resolve(JOB_MARKER));
    if (marker == null
        || !marker.path("job").isObject()
        || !job.equals(JobFiles.jobFromJson(marker.path("job")))) {
      return false;
    }
    for (BackupManifest.Entry e : BackupManifest.readEntries(marker.path("files"))) {
      Path f = archive.root().resolve(e.path());
      try {
        if (!Files.isRegularFile(f) || Files.size(f) != e.bytes()) {
          return false;
        }
      } catch (IOException unreadable) {
        return false;
      }
    }
    for (JsonNode ref : marker.path("data")) {
      String id = ref.asText(null);
      if (id != null && !Files.isRegularFile(dataFolder(id).resolve(FILE_META))) {
        return false;
      }
    }
    return true;
  }

  /** Archives one job and returns the bytes written. */
  private long backupJob(Job job, Path dataDir) {
    Path folder = archive.folder(job.id());
    removeLeftovers(folder);
    removeLeftovers(folder.resolve(RESULT_FILES_DIR));
    JsonNode previous = BackupManifest.readJsonQuietly(folder.resolve(JOB_MARKER));
    ObjectNode data = BackupManifest.JSON.createObjectNode();
    if (job.trainingFile() != null) {
      data.put("training_file", dataFile(job.trainingFile(), dataDir).fileId);
    }
    if (job.validationFile() != null) {
      data.put("validation_file", dataFile(job.validationFile(), dataDir).fileId);
    }
    archiver.archive(job);
    if (job.resultFiles().size() > 1) {
      for (String id : job.resultFiles()) {
        if (JobIds.isSafe(id)) {
          write(
              folder.resolve(RESULT_FILES_DIR).resolve(id + ".csv"),
              JobArchiver.decoded(gateway.fileContent(id)));
        }
      }
    }
    writePermissions(job, folder);
    Instant now = clock.instant();
    Map<String, BackupManifest.Entry> before = new HashMap<>();
    if (previous != null) {
      BackupManifest.readEntries(previous.path("files")).forEach(e -> before.put(e.path(), e));
    }
    List<BackupManifest.Entry> entries = new ArrayList<>();
    long written = 0;
    for (Path f : filesUnder(folder)) {
      BackupManifest.Entry e = BackupManifest.entry(archive.root(), f, now);
      BackupManifest.Entry old = before.get(e.path());
      if (old != null && old.sha256().equals(e.sha256()) && old.bytes() == e.bytes()) {
        e = old;
      } else {
        written += e.bytes();
      }
      entries.add(e);
    }
    ObjectNode marker = BackupManifest.JSON.createObjectNode();
    marker.set("job", JobFiles.jobToJson(job));
    marker.set("data", data);
    marker.set("files", BackupManifest.entries(entries));
    BackupManifest.writeJson(folder.resolve(JOB_MARKER), marker);
    bytes += written;
    return written;
  }

  /** The job's checkpoints' permissions, as far as the API serves them. */
  private void writePermissions(Job job, Path folder) {
    Path ckptFile = folder.resolve(JobInputs.CHECKPOINTS);
    List<Checkpoint> checkpoints =
        Files.isRegularFile(ckptFile) ? JobFiles.readCheckpoints(ckptFile) : List.of();
    if (checkpoints.isEmpty()) {
      return;
    }
    ObjectNode all = BackupManifest.JSON.createObjectNode();
    for (Checkpoint c : checkpoints) {
      String model = c.fineTunedModelCheckpoint();
      if (model == null) {
        continue;
      }
      ObjectNode one = all.putObject(model);
      if (permissionsNotServed != null) {
        one.put("not_served", permissionsNotServed);
        continue;
      }
      try {
        List<Map<String, Object>> permissions =
            gateway.retried(() -> api.checkpointPermissions(model));
        one.set("data", BackupManifest.JSON.valueToTree(permissions));
      } catch (ApiException e) {
        if (e.kind() == ApiException.Kind.UNAUTHORIZED
            || (e.kind() == ApiException.Kind.NOT_FOUND
                && e.getMessage().contains("Invalid URL"))) {
          permissionsNotServed = e.getMessage();
          missing("checkpoint permissions", e.getMessage());
        } else if (e.kind() == ApiException.Kind.NOT_FOUND
            || e.kind() == ApiException.Kind.BAD_REQUEST) {
          missing("permissions of " + model, e.getMessage());
        } else {
          throw e;
        }
        one.put("not_served", e.getMessage());
      }
    }
    BackupManifest.writeJson(folder.resolve(PERMISSIONS_FILE), all);
  }

  // ---- training and validation files

  /** A data file in the archive (or the reason it is not). */
  private record DataFile(String fileId, JsonNode meta) {}

  private Path dataFolder(String fileId) {
    JobIds.requireSafe(fileId);
    return archive.root().resolve(FILES_DIR).resolve(fileId);
  }

  private DataFile dataFile(String fileId, Path dataDir) {
    DataFile known = dataFiles.get(fileId);
    if (known != null) {
      return known;
    }
    if (!JobIds.isSafe(fileId)) {
      missing("file " + fileId, "not a usable file id");
      return new DataFile(fileId, null);
    }
    Path dir = dataFolder(fileId);
    Path metaFile = dir.resolve(FILE_META);
    JsonNode meta = BackupManifest.readJsonQuietly(metaFile);
    if (meta != null && contentInPlace(dir, meta)) {
      if (meta.hasNonNull("refused") && meta.path("path").isNull() && dataDir != null) {
        meta = withLocalCopy((ObjectNode) meta, dir, dataDir);
        BackupManifest.writeJson(metaFile, meta);
      }
    } else {
      removeLeftovers(dir);
      meta = fetchDataFile(fileId, dir, dataDir);
      BackupManifest.writeJson(metaFile, meta);
    }
    DataFile df = new DataFile(fileId, meta);
    dataFiles.put(fileId, df);
    return df;
  }

  private boolean contentInPlace(Path dir, JsonNode meta) {
    String name = meta.path("path").asText(null);
    if (name == null) {
      return true;
    }
    Path content = archive.root().resolve(name);
    try {
      return content.startsWith(dir)
          && Files.isRegularFile(content)
          && Files.size(content) == meta.path("size").asLong(-1);
    } catch (IOException e) {
      return false;
    }
  }

  private ObjectNode fetchDataFile(String fileId, Path dir, Path dataDir) {
    ObjectNode meta = BackupManifest.JSON.createObjectNode();
    meta.put("id", fileId);
    FileInfo info;
    try {
      info = gateway.getFile(fileId);
    } catch (ApiException e) {
      if (e.kind() != ApiException.Kind.NOT_FOUND) {
        throw e;
      }
      meta.put("refused", e.getMessage());
      meta.putNull("path");
      missing("content of file " + fileId, e.getMessage());
      return meta;
    }
    meta.set("metadata", SNAKE.valueToTree(info));
    try {
      byte[] content = gateway.fileContent(fileId);
      Path target = dir.resolve(contentName(info.filename()));
      write(target, content);
      listener.onDataFile(fileId, content.length);
      bytes += content.length;
      meta.put("path", BackupManifest.relative(archive.root(), target));
      meta.put("size", content.length);
      meta.put("sha256", BackupManifest.sha256(content));
      meta.put("source", "api");
      meta.put("fetched_at", clock.instant().toString());
      return meta;
    } catch (ApiException e) {
      if (!refusal(e)) {
        throw e;
      }
      meta.put("refused", e.getMessage());
      meta.putNull("path");
      return dataDir == null ? refusedWithoutCopy(meta, fileId) : withLocalCopy(meta, dir, dataDir);
    }
  }

  private ObjectNode refusedWithoutCopy(ObjectNode meta, String fileId) {
    missing("content of file " + fileId + name(meta), meta.path("refused").asText());
    return meta;
  }

  /**
   * A refused file's content from a local file of the same size and sha256 (see {@link
   * LocalCopies}).
   */
  private ObjectNode withLocalCopy(ObjectNode meta, Path dir, Path dataDir) {
    String fileId = meta.path("id").asText();
    JsonNode info = meta.path("metadata");
    LocalCopies.Match match =
        LocalCopies.find(
            dataDir, info.path("bytes").asLong(-1), info.path("filename").asText(null));
    if (match.file() == null) {
      meta.put("local_copy", match.why());
      missing(
          "content of file " + fileId + name(meta),
          meta.path("refused").asText() + "; --data: " + match.why());
      return meta;
    }
    meta.remove("local_copy");
    try {
      byte[] content = Files.readAllBytes(match.file());
      Path target = dir.resolve(contentName(info.path("filename").asText(null)));
      write(target, content);
      bytes += content.length;
      meta.put("path", BackupManifest.relative(archive.root(), target));
      meta.put("size", content.length);
      meta.put("sha256", BackupManifest.sha256(content));
      meta.put(
          "source",
          "local copy of " + match.file().toAbsolutePath().normalize() + " (" + match.why() + ")");
      meta.put("fetched_at", clock.instant().toString());
      return meta;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + match.file() + ": " + e.getMessage(), e);
    }
  }

  private static String name(JsonNode meta) {
    String filename = meta.path("metadata").path("filename").asText(null);
    return filename == null ? "" : " (" + filename + ")";
  }

  /**
   * The API will not serve this content (a 400, 403 or 404 answer); a rejected key (401) is not
   * that.
   */
  private static boolean refusal(ApiException e) {
    return (e.kind() == ApiException.Kind.UNAUTHORIZED && e.statusCode() == 403)
        || e.kind() == ApiException.Kind.BAD_REQUEST
        || e.kind() == ApiException.Kind.NOT_FOUND;
  }

  /** A data file's name in its folder: its own name made safe, never {@code file.json}. */
  static String contentName(String filename) {
    String base = filename == null ? "" : filename.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    while (base.startsWith(".")) {
      base = base.substring(1);
    }
    return base.isEmpty() || base.equals(FILE_META) || base.length() > 128 ? "content" : base;
  }

  // ---- models, manifest

  private void writeModels(Path file) {
    List<ModelEntry> models = gateway.retried(api::listModels);
    ObjectNode doc = BackupManifest.JSON.createObjectNode();
    doc.put("object", "list");
    ArrayNode data = doc.putArray("data");
    models.forEach(m -> data.add(SNAKE.valueToTree(m)));
    doc.put("fetched_at", clock.instant().toString());
    BackupManifest.writeJson(file, doc);
  }

  private Summary writeManifest(int jobCount, int archived, int unchanged, int failed) {
    Path root = archive.root();
    Instant now = clock.instant();
    List<BackupManifest.Missing> missing = new ArrayList<>();
    Map<String, BackupManifest.Entry> previous = new HashMap<>();
    List<BackupManifest.Entry> old = BackupManifest.readQuietly(root);
    if (old != null) {
      old.forEach(e -> previous.put(e.path(), e));
    }
    List<BackupManifest.Entry> entries = new ArrayList<>();
    ObjectNode jobs = BackupManifest.JSON.createObjectNode();
    ObjectNode files = BackupManifest.JSON.createObjectNode();
    for (Path folder : subfolders(root)) {
      String name = folder.getFileName().toString();
      JsonNode marker = BackupManifest.readJsonQuietly(folder.resolve(JOB_MARKER));
      if (marker == null || !JobIds.isSafe(name)) {
        continue;
      }
      entries.addAll(BackupManifest.readEntries(marker.path("files")));
      ObjectNode j = jobs.putObject(name);
      JsonNode job = marker.path("job");
      j.put("status", job.path("status").asText(null));
      j.put("method", job.path("method").path("type").asText("supervised"));
      j.put("model", job.path("model").asText(null));
      j.set("fine_tuned_model", present(job.path("fine_tuned_model")));
      j.set("training_file", present(marker.path("data").path("training_file")));
      j.set("validation_file", present(marker.path("data").path("validation_file")));
    }
    for (Path folder : subfolders(root.resolve(FILES_DIR))) {
      JsonNode meta = BackupManifest.readJsonQuietly(folder.resolve(FILE_META));
      if (meta == null) {
        continue;
      }
      String fetched = meta.path("fetched_at").asText(null);
      Path metaFile = folder.resolve(FILE_META);
      entries.add(
          kept(
              previous,
              BackupManifest.entry(
                  root, metaFile, fetched == null ? now : Instant.parse(fetched))));
      ObjectNode f = files.putObject(folder.getFileName().toString());
      f.set("filename", present(meta.path("metadata").path("filename")));
      f.set("path", present(meta.path("path")));
      f.set("source", present(meta.path("source")));
      if (meta.path("path").isTextual()) {
        entries.add(
            new BackupManifest.Entry(
                meta.path("path").asText(),
                meta.path("size").asLong(),
                meta.path("sha256").asText(),
                fetched));
      }
      if (meta.hasNonNull("refused")) {
        f.set("refused", present(meta.path("refused")));
        if (!meta.path("path").isTextual()) {
          missing.add(
              new BackupManifest.Missing(
                  "content of file " + folder.getFileName() + name(meta),
                  meta.path("refused").asText()
                      + (meta.hasNonNull("local_copy")
                          ? "; --data: " + meta.path("local_copy").asText()
                          : "")));
        }
      }
    }
    for (Path f : List.of(root.resolve(MODELS_FILE), archive.indexFile())) {
      if (Files.isRegularFile(f)) {
        entries.add(kept(previous, BackupManifest.entry(root, f, now)));
      }
    }
    for (BackupManifest.Missing m : runMissing.values()) {
      if (!m.what().startsWith("content of file ")) {
        missing.add(m);
      }
    }
    ObjectNode doc = BackupManifest.JSON.createObjectNode();
    doc.put("format", BackupManifest.FORMAT);
    doc.set("files", BackupManifest.entries(entries));
    doc.set("jobs", jobs);
    doc.set("data_files", files);
    ArrayNode notFetched = doc.putArray("not_fetched");
    for (BackupManifest.Missing m : missing) {
      notFetched.addObject().put("what", m.what()).put("reason", m.reason());
    }
    Path manifest = root.resolve(BackupManifest.FILE);
    BackupManifest.writeJson(manifest, doc);
    return new Summary(
        jobCount,
        archived,
        unchanged,
        failed,
        files.size(),
        bytes,
        List.copyOf(missing),
        manifest,
        doc.path("files").size());
  }

  /** The previous manifest's entry when the file has not changed (its fetched time stays). */
  private static BackupManifest.Entry kept(
      Map<String, BackupManifest.Entry> previous, BackupManifest.Entry now) {
    BackupManifest.Entry old = previous.get(now.path());
    return old != null && old.sha256().equals(now.sha256()) && old.bytes() == now.bytes()
        ? old
        : now;
  }

  /** The node, or JSON null where it is absent (a missing node cannot be written). */
  private static JsonNode present(JsonNode n) {
    return n == null || n.isMissingNode()
        ? com.fasterxml.jackson.databind.node.NullNode.getInstance()
        : n;
  }

  private void missing(String what, String reason) {
    BackupManifest.Missing m = new BackupManifest.Missing(what, reason);
    if (runMissing.putIfAbsent(what, m) == null) {
      listener.onMissing(m);
    }
  }

  // ---- files on disk

  private static List<Path> subfolders(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  /**
   * The regular files of a job folder and its sub-folders, hidden ones (markers, temporaries) left
   * out.
   */
  private static List<Path> filesUnder(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              p -> {
                for (Path part : folder.relativize(p)) {
                  if (part.toString().startsWith(".")) {
                    return false;
                  }
                }
                return true;
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Temporary files of writes a killed run did not finish (the folder is this run's to write). */
  private static void removeLeftovers(Path dir) {
    try {
      AtomicFiles.removeLeftovers(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, byte[] content) {
    try {
      AtomicFiles.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
