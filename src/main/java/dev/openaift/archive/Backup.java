package dev.openaift.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
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
import dev.openaift.io.Sha256;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobFileWriter;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobIds;
import dev.openaift.job.JobJson;
import dev.openaift.metrics.JobInputs;
import dev.openaift.record.Recordings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>The manifest also lists what other commands recorded into the archive (recordings, evaluation
 * results; {@link BackupRecords}). Records are never re-hashed into the manifest as they are now
 * when they differ from it: a record the API serves is fetched again (a rerun repairs whatever
 * {@code --verify} flags), a recording that cannot be fetched again keeps its old entry (so the
 * damage stays flagged) unless it only grew by appended answers.
 *
 * <p><b>Concurrency.</b> Up to {@link Options#concurrency()} jobs are archived at once (each job's
 * event pages in order, one after the other); a data file shared by several jobs is fetched once. A
 * rate limit that says how long to wait pauses every worker ({@link RateGate}). Job outcomes are
 * handed to the {@link JobGuard} on the calling thread, one at a time. The files written do not
 * depend on the order the jobs finish in.
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

  /** The models list of OpenAI (or of an archive's only endpoint, before other providers came). */
  public static final String MODELS_FILE = "models.json";

  /**
   * The file of the models list that a backup of {@code source}'s endpoint writes: {@link
   * #MODELS_FILE} for OpenAI (and an unknown source), {@code models-PROVIDER-HOST.json} for any
   * other provider ({@code models-azure-myres.openai.azure.com.json}), so that backing up an Azure
   * resource into the archive of an OpenAI account keeps both lists, and OpenAI's jobs keep being
   * dated by OpenAI's.
   */
  public static String modelsFile(JobSource source) {
    if (JobSource.openAi(source)) {
      return MODELS_FILE;
    }
    return "models-"
        + Archive.readable(
            source.provider() + (source.endpointHost() == null ? "" : "-" + source.endpointHost()))
        + ".json";
  }

  /** Whether a file in the archive root is a models list ({@link #modelsFile}). */
  static boolean isModelsFile(String name) {
    return name.equals(MODELS_FILE) || (name.startsWith("models-") && name.endsWith(".json"));
  }

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
   * @param concurrency jobs archived at once, {@value #MIN_CONCURRENCY} to {@value
   *     #MAX_CONCURRENCY}
   */
  public record Options(List<String> jobIds, Instant since, Path dataDir, int concurrency) {
    /** Jobs in flight by default: 8 x 100 ms of latency keeps a backup at about 1/6 of its time. */
    public static final int DEFAULT_CONCURRENCY = 8;

    public static final int MIN_CONCURRENCY = 1;
    public static final int MAX_CONCURRENCY = 32;

    public Options {
      jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
      if (concurrency < MIN_CONCURRENCY || concurrency > MAX_CONCURRENCY) {
        throw new IllegalArgumentException(
            "concurrency must be "
                + MIN_CONCURRENCY
                + " to "
                + MAX_CONCURRENCY
                + ", got "
                + concurrency);
      }
    }

    /** With {@link #DEFAULT_CONCURRENCY}. */
    public Options(List<String> jobIds, Instant since, Path dataDir) {
      this(jobIds, since, dataDir, DEFAULT_CONCURRENCY);
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

  /**
   * Decides what a failure of one job does to the others. Called on the thread that called {@link
   * #run}, one job at a time; the work it is given rethrows the job's failure.
   */
  @FunctionalInterface
  public interface JobGuard {
    /**
     * Runs the work; returns false when it failed and the run should go on with the other jobs, or
     * rethrows what should stop the run.
     */
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
   * @param records records listed in the manifest (verified strictly)
   * @param views pages rebuilt from the records, listed for information
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
      int records,
      int views) {}

  private final LifecycleGateway api;
  private final RetryingGateway gateway;
  private final Archive archive;
  private final ArchiveSettings settings;
  private final Clock clock;
  private final Listener listener;
  private final Sleeper sleeper;

  /**
   * Made by the first job this run archives, after {@code models.json} is fetched: every page of
   * the run is made with the same dates, whether or not an earlier run left a models list.
   */
  private JobArchiver archiver;

  private final Map<String, DataFile> dataFiles = new ConcurrentHashMap<>();
  private final Map<String, Object> dataLocks = new ConcurrentHashMap<>();
  private final Map<String, BackupManifest.Missing> runMissing = new LinkedHashMap<>();

  /** Records this run wrote outside job folders (a {@code file.json}, {@code models.json}). */
  private final Set<String> rewritten = ConcurrentHashMap.newKeySet();

  private final AtomicLong bytes = new AtomicLong();
  private volatile String permissionsNotServed;

  /** Where this run's jobs and models come from (null when the gateway does not say). */
  private final JobSource source;

  /** The models list of this run's endpoint ({@link #modelsFile}). */
  private final String modelsFile;

  /** The manifest of the last run, when there is one that can be trusted. */
  private BackupManifest.Contents previous;

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
    this.source = JobSource.of(api.connection());
    this.modelsFile = modelsFile(source);
    Retries.Waits waits = d -> sleeper.sleepOrStop(d, "to retry");
    this.gateway =
        new RetryingGateway(
            api,
            new Retries(clock, retryOptions),
            listener::onRetry,
            waits,
            new RateGate(clock, sleeper));
    this.sleeper = sleeper;
  }

  /**
   * The run's archiver: on first use the models list is fetched and written ({@code models.json}),
   * so that the pages of this run take their dates from it, as the pages of every later run that
   * archives a job again will.
   */
  private synchronized JobArchiver archiver() {
    if (archiver == null) {
      writeModels(archive.root().resolve(modelsFile));
      rewritten.add(modelsFile);
      archiver = new JobArchiver(gateway, archive, settings, clock, sleeper);
    }
    return archiver;
  }

  /** One job's visit, as a worker ends it. */
  private record Visit(Job job, JobOutcome outcome, long bytes, RuntimeException error) {}

  /** Backs up, then writes the manifest. */
  public Summary run(Options options, JobGuard guard) {
    previous = BackupManifest.readForBackup(archive.root());
    List<Job> jobs = options.jobIds().isEmpty() ? listJobs(options.since()) : getJobs(options);
    listener.onJobs(jobs.size());
    Map<String, String> failures = new TreeMap<>();
    List<Job> usable = new ArrayList<>();
    for (Job job : jobs) {
      if (JobIds.isSafe(job.id())) {
        usable.add(job);
      } else {
        failed(failures, job.id(), "not a usable job id");
        listener.onJob(job, JobOutcome.FAILED, 0);
      }
    }
    int archived = 0;
    int unchanged = 0;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(options.concurrency(), usable.size())),
            r -> {
              Thread t = new Thread(r, "openai-ft-backup");
              t.setDaemon(true);
              return t;
            });
    try {
      CompletionService<Visit> visits = new ExecutorCompletionService<>(pool);
      for (Job job : usable) {
        visits.submit(() -> visit(job, options.dataDir()));
      }
      pool.shutdown();
      for (int i = 0; i < usable.size(); i++) {
        Visit v = visits.take().get();
        if (v.error() == null) {
          if (v.outcome() == JobOutcome.ARCHIVED) {
            archived++;
          } else {
            unchanged++;
          }
          listener.onJob(v.job(), v.outcome(), v.bytes());
          continue;
        }
        RuntimeException error = v.error();
        // the guard rethrows what stops the run (a rejected key, an interrupt, faults past retries)
        if (!guard.attempt(
            v.job().id(),
            () -> {
              throw error;
            })) {
          failed(failures, v.job().id(), oneLine(error.getMessage()));
          listener.onJob(v.job(), JobOutcome.FAILED, 0);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiException.Kind.INTERRUPTED, 0, "interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      awaitQuietly(pool);
    }
    removeLeftovers(archive.root());
    Path models = archive.root().resolve(modelsFile);
    if (!rewritten.contains(modelsFile)
        && (archived > 0 || !Files.isRegularFile(models) || !asArchived(modelsFile))) {
      writeModels(models);
      rewritten.add(modelsFile);
    }
    if (archived > 0 || !Files.isRegularFile(archive.indexFile())) {
      archive.rebuildIndex(settings, clock);
    }
    return writeManifest(jobs, options, archived, unchanged, failures);
  }

  /** Lets the workers end their atomic writes (a write in progress is not interruptible). */
  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException again) {
      Thread.currentThread().interrupt();
    }
  }

  private void failed(Map<String, String> failures, String jobId, String reason) {
    synchronized (failures) {
      failures.put(jobId, reason);
    }
    missing("job " + jobId, reason);
  }

  private static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "no reason given";
    }
    return message.lines().findFirst().orElse("").strip();
  }

  /** Archives a job that is not archived as it is now; checks (and repairs) its data files. */
  private Visit visit(Job job, Path dataDir) {
    try {
      JsonNode marker = completeMarker(job);
      if (marker != null) {
        keepListedFields(job, marker);
        // a data file's copy damaged or deleted since is fetched again (no request when it is
        // whole)
        for (String id : new String[] {job.trainingFile(), job.validationFile()}) {
          if (id != null) {
            dataFile(id, dataDir);
          }
        }
        return new Visit(job, JobOutcome.UNCHANGED, 0, null);
      }
      return new Visit(job, JobOutcome.ARCHIVED, backupJob(job, dataDir), null);
    } catch (RuntimeException e) {
      return new Visit(job, JobOutcome.FAILED, 0, e);
    }
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

  /**
   * The backup marker of the job's folder when the folder holds a finished backup of the job as it
   * is listed now, every record of it as archived (re-hashed: whatever {@code --verify} would flag
   * is fetched again); else null.
   */
  private JsonNode completeMarker(Job job) {
    if (!job.isTerminal()) {
      return null;
    }
    Path folder = archive.folder(job.id());
    JsonNode marker = BackupManifest.readJsonQuietly(folder.resolve(JOB_MARKER));
    // the fields the record does not name are brought up to date without a request (a folder
    // archived before job.json kept whole jobs): keepListedFields
    if (marker == null
        || !marker.path("job").isObject()
        || !job.withOthers(Map.of())
            .equals(JobJson.jobFromJson(marker.path("job")).withOthers(Map.of()))) {
      return null;
    }
    for (BackupManifest.Entry e : BackupManifest.readEntries(marker.path("files"))) {
      if (BackupRecords.kind(e.path()) == BackupRecords.Kind.RECORD
          && !BackupRecords.isEvaluation(e.path())
          && BackupManifest.compare(archive.root(), e).state() != BackupManifest.State.SAME) {
        return null;
      }
    }
    for (JsonNode ref : marker.path("data")) {
      String id = ref.asText(null);
      if (id != null && !Files.isRegularFile(dataFolder(id).resolve(FILE_META))) {
        return null;
      }
    }
    return marker;
  }

  /**
   * Writes the job as it is listed into {@code job.json} and the folder's marker when only the
   * fields the record does not name differ from the archived job's ({@link Job#others}: a folder
   * archived before job.json kept whole jobs, or a field the service added since), keeping every
   * archived field the listing lacks ({@link JobJson#othersOver}). Nothing is fetched; the other
   * records stay as they are.
   */
  private void keepListedFields(Job job, JsonNode marker) {
    Path folder = archive.folder(job.id());
    Job archived = JobJson.jobFromJson(marker.path("job"));
    // what was archived is never dropped: a field the listing no longer carries stays
    Job kept = job.withOthers(JobJson.othersOver(job.others(), archived.others()));
    if (kept.equals(archived)) {
      return;
    }
    Path jobFile = folder.resolve(JobInputs.JOB);
    JobFileWriter.writeJob(jobFile, kept);
    BackupManifest.Entry fresh = BackupManifest.entry(archive.root(), jobFile, clock.instant());
    List<BackupManifest.Entry> entries = new ArrayList<>(List.of(fresh));
    for (BackupManifest.Entry e : BackupManifest.readEntries(marker.path("files"))) {
      if (!e.path().equals(fresh.path())) {
        entries.add(e);
      }
    }
    ObjectNode updated = marker.deepCopy();
    updated.set("job", JobJson.jobToJson(kept));
    updated.set("files", BackupManifest.entries(entries));
    BackupManifest.writeJson(folder.resolve(JOB_MARKER), updated);
  }

  /** Archives one job and returns the bytes written. */
  private long backupJob(Job job, Path dataDir) {
    Path folder = archive.folder(job.id());
    // a folder holding another provider's job of this id is refused before anything is written or
    // removed: its records, and the data files this job would copy
    archive.claim(job.id(), source);
    removeLeftovers(folder);
    removeLeftovers(folder.resolve(RESULT_FILES_DIR));
    JsonNode previousMarker = BackupManifest.readJsonQuietly(folder.resolve(JOB_MARKER));
    if (previousMarker != null) {
      dropDamaged(previousMarker);
    }
    ObjectNode data = BackupManifest.JSON.createObjectNode();
    if (job.trainingFile() != null) {
      data.put("training_file", dataFile(job.trainingFile(), dataDir).fileId);
    }
    if (job.validationFile() != null) {
      data.put("validation_file", dataFile(job.validationFile(), dataDir).fileId);
    }
    archiver().archive(job);
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
    if (previousMarker != null) {
      BackupManifest.readEntries(previousMarker.path("files"))
          .forEach(e -> before.put(e.path(), e));
    }
    List<BackupManifest.Entry> entries = new ArrayList<>();
    long written = 0;
    for (Path f : filesUnder(folder)) {
      BackupManifest.Entry e = BackupManifest.entry(archive.root(), f, now);
      if (BackupRecords.isEvaluation(e.path())) {
        continue; // an evaluation's results are listed by the manifest as they are at each run
      }
      BackupManifest.Entry old = before.get(e.path());
      if (e.sameContent(old)) {
        e = old;
      } else {
        written += e.bytes();
      }
      entries.add(e);
    }
    ObjectNode marker = BackupManifest.JSON.createObjectNode();
    marker.set("job", JobJson.jobToJson(job));
    marker.set("data", data);
    marker.set("files", BackupManifest.entries(entries));
    BackupManifest.writeJson(folder.resolve(JOB_MARKER), marker);
    bytes.addAndGet(written);
    return written;
  }

  /**
   * Deletes the job's records that are no longer as its last backup archived them, so that they are
   * fetched whole again (the event log is otherwise only appended to: a damaged line in it would
   * stay). An event log that only grew (a job followed since) is kept.
   */
  private void dropDamaged(JsonNode marker) {
    for (BackupManifest.Entry e : BackupManifest.readEntries(marker.path("files"))) {
      if (BackupRecords.kind(e.path()) != BackupRecords.Kind.RECORD
          || BackupRecords.isEvaluation(e.path())) {
        continue;
      }
      BackupManifest.State state = BackupManifest.compare(archive.root(), e).state();
      if (state == BackupManifest.State.ALTERED || state == BackupManifest.State.UNREADABLE) {
        Path file = archive.root().resolve(e.path()).normalize();
        try {
          if (file.startsWith(archive.root())) {
            Files.deleteIfExists(file);
          }
        } catch (IOException ex) {
          throw new UncheckedIOException("cannot remove " + file + ": " + ex.getMessage(), ex);
        }
      }
    }
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
      String notServed = permissionsNotServed;
      if (notServed != null) {
        one.put("not_served", notServed);
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

  /**
   * The data file, fetched when its folder lacks it or holds it otherwise than archived; once per
   * run and file id, whichever job asks first (the others wait for it).
   */
  private DataFile dataFile(String fileId, Path dataDir) {
    DataFile known = dataFiles.get(fileId);
    if (known != null) {
      return known;
    }
    synchronized (dataLocks.computeIfAbsent(fileId, k -> new Object())) {
      known = dataFiles.get(fileId);
      if (known != null) {
        return known;
      }
      if (!JobIds.isSafe(fileId)) {
        missing("file " + fileId, "not a usable file id");
        return new DataFile(fileId, null);
      }
      Path dir = dataFolder(fileId);
      Path metaFile = dir.resolve(FILE_META);
      String metaPath = BackupManifest.relative(archive.root(), metaFile);
      JsonNode meta = BackupManifest.readJsonQuietly(metaFile);
      if (meta != null && contentInPlace(dir, meta) && asArchived(metaPath)) {
        if (meta.hasNonNull("refused") && meta.path("path").isNull() && dataDir != null) {
          meta = withLocalCopy((ObjectNode) meta, dir, dataDir);
          BackupManifest.writeJson(metaFile, meta);
          rewritten.add(metaPath);
        }
      } else {
        removeLeftovers(dir);
        meta = fetchDataFile(fileId, dir, dataDir);
        BackupManifest.writeJson(metaFile, meta);
        rewritten.add(metaPath);
      }
      DataFile df = new DataFile(fileId, meta);
      dataFiles.put(fileId, df);
      return df;
    }
  }

  /**
   * Whether a record outside the job folders is as the last manifest lists it (true when that
   * manifest does not list it, or there is none).
   */
  private boolean asArchived(String path) {
    BackupManifest.Entry e = previous == null ? null : previous.records().get(path);
    return e == null
        || BackupManifest.compare(archive.root(), e).state() == BackupManifest.State.SAME;
  }

  /** Whether the content {@code file.json} names is there with its size and sha256. */
  private boolean contentInPlace(Path dir, JsonNode meta) {
    String name = meta.path("path").asText(null);
    if (name == null) {
      return true;
    }
    Path content = archive.root().resolve(name).normalize();
    try {
      return content.startsWith(dir)
          && Files.isRegularFile(content)
          && Files.size(content) == meta.path("size").asLong(-1)
          && Sha256.of(content).equals(meta.path("sha256").asText());
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
      bytes.addAndGet(content.length);
      meta.put("path", BackupManifest.relative(archive.root(), target));
      meta.put("size", content.length);
      meta.put("sha256", Sha256.hex(content));
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
      bytes.addAndGet(content.length);
      meta.put("path", BackupManifest.relative(archive.root(), target));
      meta.put("size", content.length);
      meta.put("sha256", Sha256.hex(content));
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

  /** The models lists in the archive root, by name. */
  private static List<Path> modelsFiles(Path root) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "models*.json")) {
      for (Path p : ds) {
        if (Files.isRegularFile(p) && isModelsFile(p.getFileName().toString())) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  private void writeModels(Path file) {
    List<ModelEntry> models = gateway.retried(api::listModels);
    ObjectNode doc = BackupManifest.JSON.createObjectNode();
    doc.put("object", "list");
    if (source != null) {
      // whose list it is: an archive can hold the lists of several endpoints
      doc.put("provider", source.provider());
      doc.put("endpoint_host", source.endpointHost());
    }
    ArrayNode data = doc.putArray("data");
    models.forEach(m -> data.add(m.toJson()));
    doc.put("fetched_at", clock.instant().toString());
    BackupManifest.writeJson(file, doc);
  }

  private Summary writeManifest(
      List<Job> listed,
      Options options,
      int archived,
      int unchanged,
      Map<String, String> failures) {
    Path root = archive.root();
    Instant now = clock.instant();
    Map<String, BackupManifest.Entry> oldRecords = previous == null ? Map.of() : previous.records();
    Map<String, BackupManifest.Entry> oldViews = previous == null ? Map.of() : previous.views();
    List<BackupManifest.Missing> missing = new ArrayList<>();
    List<BackupManifest.Entry> records = new ArrayList<>();
    List<BackupManifest.Entry> views = new ArrayList<>();
    BackupManifest.Draft draft = new BackupManifest.Draft();
    for (Path folder : subfolders(root)) {
      String name = folder.getFileName().toString();
      JsonNode marker = BackupManifest.readJsonQuietly(folder.resolve(JOB_MARKER));
      if (marker == null || !JobIds.isSafe(name)) {
        continue;
      }
      for (BackupManifest.Entry e : BackupManifest.readEntries(marker.path("files"))) {
        if (!BackupRecords.isEvaluation(e.path())) {
          (BackupRecords.kind(e.path()) == BackupRecords.Kind.RECORD ? records : views).add(e);
        }
      }
      draft.job(name, marker.path("job"), marker.path("data"), failures.get(name));
    }
    Map<String, Job> byId = new TreeMap<>();
    listed.forEach(j -> byId.put(j.id(), j));
    for (Map.Entry<String, String> f : failures.entrySet()) {
      if (!draft.hasJob(f.getKey())) {
        Job job = byId.get(f.getKey());
        draft.job(
            f.getKey(),
            job == null ? MissingNode.getInstance() : JobJson.jobToJson(job),
            MissingNode.getInstance(),
            f.getValue());
      }
    }
    if (previous != null) {
      // a job that failed before, was not visited now and is still not archived stays failed
      for (Map.Entry<String, JsonNode> j : previous.jobs().entrySet()) {
        if (!draft.hasJob(j.getKey())
            && !byId.containsKey(j.getKey())
            && BackupManifest.FAILED.equals(j.getValue().path("backup").asText())) {
          draft.keepJob(j.getKey(), j.getValue());
          missing(
              "job " + j.getKey(), j.getValue().path("reason").asText("failed at an earlier run"));
        }
      }
    }
    for (Path folder : subfolders(root.resolve(FILES_DIR))) {
      Path metaFile = folder.resolve(FILE_META);
      JsonNode meta = BackupManifest.readJsonQuietly(metaFile);
      if (meta == null) {
        continue;
      }
      String fetched = meta.path("fetched_at").asText(null);
      String metaPath = BackupManifest.relative(root, metaFile);
      records.add(
          settled(
              oldRecords,
              BackupManifest.entry(root, metaFile, fetched == null ? now : Instant.parse(fetched)),
              rewritten.contains(metaPath)));
      draft.dataFile(folder.getFileName().toString(), meta);
      if (meta.path("path").isTextual()) {
        records.add(
            new BackupManifest.Entry(
                meta.path("path").asText(),
                meta.path("size").asLong(),
                meta.path("sha256").asText(),
                fetched));
      }
      if (meta.hasNonNull("refused")) {
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
    // every endpoint's models list: this run's as written now, the others' as they were
    for (Path models : modelsFiles(root)) {
      String name = models.getFileName().toString();
      records.add(
          settled(oldRecords, BackupManifest.entry(root, models, now), rewritten.contains(name)));
    }
    if (Files.isRegularFile(archive.indexFile())) {
      views.add(kept(oldViews, BackupManifest.entry(root, archive.indexFile(), now)));
    }
    records.addAll(localRecords(root, oldRecords, now));
    List<BackupManifest.Missing> fromRun;
    synchronized (runMissing) {
      fromRun = new ArrayList<>(runMissing.values());
    }
    for (BackupManifest.Missing m : fromRun) {
      if (!m.what().startsWith("content of file ")) {
        missing.add(m);
      }
    }
    missing.sort(
        Comparator.comparing(BackupManifest.Missing::what)
            .thenComparing(BackupManifest.Missing::reason));
    String scope =
        !options.jobIds().isEmpty()
            ? "the jobs asked for (--jobs)"
            : options.since() == null ? "every job" : "jobs created since " + options.since();
    ObjectNode doc = draft.sealed(records, views, scope, byId.keySet(), missing);
    Path manifest = root.resolve(BackupManifest.FILE);
    BackupManifest.writeJson(manifest, doc);
    return new Summary(
        listed.size(),
        archived,
        unchanged,
        failures.size(),
        draft.dataFiles(),
        bytes.get(),
        List.copyOf(missing),
        manifest,
        doc.path("files").size(),
        doc.path("views").size());
  }

  /**
   * The recordings' {@code header.json} and {@code answers.jsonl} and the evaluations' results, as
   * the manifest lists them now. An evaluation is listed as it is (running it again replaces its
   * results). A recording cannot be fetched again: one that only grew by appended answers, or that
   * holds an answer for every example again (lost answers asked again by {@code record}), is listed
   * as it is now; one changed otherwise, or a file deleted from a recording that is still there,
   * keeps its old entry, so {@code --verify} keeps flagging it, and is named in {@code
   * not_fetched}. A recording whose folder was removed leaves the manifest.
   */
  private List<BackupManifest.Entry> localRecords(
      Path root, Map<String, BackupManifest.Entry> old, Instant now) {
    List<BackupManifest.Entry> out = new ArrayList<>();
    List<Path> found = new ArrayList<>();
    Path recordings = root.resolve(Recordings.FOLDER);
    if (Files.isDirectory(recordings)) {
      found.addAll(filesUnder(recordings));
    }
    found.addAll(filesUnder(root.resolve(BackupRecords.EVALS_DIR)));
    for (Path folder : subfolders(root)) {
      if (!folder.getFileName().toString().equals(BackupRecords.EVALS_DIR)) {
        found.addAll(filesUnder(folder.resolve(BackupRecords.EVALS_DIR)));
      }
    }
    Set<String> seen = new java.util.HashSet<>();
    for (Path f : found) {
      String rel = BackupManifest.relative(root, f);
      if (BackupRecords.kind(rel) != BackupRecords.Kind.RECORD) {
        continue;
      }
      seen.add(rel);
      BackupManifest.Entry now1 =
          BackupRecords.appendOnly(rel)
              ? BackupManifest.wholeLines(root, f, now)
              : BackupManifest.entry(root, f, now);
      BackupManifest.Entry before = old.get(rel);
      if (before == null || BackupRecords.isEvaluation(rel)) {
        out.add(now1.sameContent(before) ? before : now1);
      } else if (now1.sameContent(before)) {
        out.add(before);
      } else if (BackupManifest.compare(root, before).state() == BackupManifest.State.GROWN
          || recordedAgainWhole(f, rel)) {
        out.add(now1);
      } else {
        out.add(before);
        missing(
            rel,
            "changed since the backup of "
                + before.fetchedAt()
                + " (not only by answers appended) and cannot be fetched again: restore it from"
                + " a copy, or delete the recording's folder and record it again");
      }
    }
    for (BackupManifest.Entry before : old.values()) {
      if (before.path().startsWith(Recordings.FOLDER + "/") && !seen.contains(before.path())) {
        Path parent = root.resolve(before.path()).normalize().getParent();
        if (parent != null && Files.isDirectory(parent)) {
          out.add(before);
          missing(
              before.path(),
              "deleted since the backup of "
                  + before.fetchedAt()
                  + " and cannot be fetched again: restore it from a copy, or delete the"
                  + " recording's folder and record it again");
        }
      }
    }
    return out;
  }

  /**
   * Whether {@code rel} is the answers of a recording that holds an answer for every example of its
   * data file again (a line lost since the backup, then asked again by {@code record}): nothing of
   * the model's behaviour on that file is missing, so the backup lists it as it is now.
   */
  private static boolean recordedAgainWhole(Path file, String rel) {
    if (!rel.endsWith("/" + Recordings.ANSWERS)) {
      return false;
    }
    try {
      dev.openaift.record.Recording r = dev.openaift.record.Recording.read(file.getParent());
      long answered =
          r.answers().stream()
              .mapToInt(dev.openaift.record.RecordedAnswer::index)
              .distinct()
              .count();
      return answered >= r.header().examples();
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  /** The previous manifest's entry when the file has not changed (its fetched time stays). */
  private static BackupManifest.Entry kept(
      Map<String, BackupManifest.Entry> previous, BackupManifest.Entry now) {
    BackupManifest.Entry old = previous.get(now.path());
    return now.sameContent(old) ? old : now;
  }

  /**
   * A record outside the job folders as the manifest lists it: as it is now when this run wrote it
   * or it is new; otherwise the previous entry, so a file changed since the last run stays flagged
   * until a run fetches it again.
   */
  private static BackupManifest.Entry settled(
      Map<String, BackupManifest.Entry> previous, BackupManifest.Entry now, boolean writtenNow) {
    BackupManifest.Entry old = previous.get(now.path());
    return old == null || writtenNow ? now : old;
  }

  /** The node, or JSON null where it is absent (a missing node cannot be written). */
  private void missing(String what, String reason) {
    BackupManifest.Missing m = new BackupManifest.Missing(what, reason);
    boolean added;
    synchronized (runMissing) {
      added = runMissing.putIfAbsent(what, m) == null;
    }
    if (added) {
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
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
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
