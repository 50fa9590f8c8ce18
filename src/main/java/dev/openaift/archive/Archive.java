package dev.openaift.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.api.ModelEntry;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.job.Job;
import dev.openaift.job.JobFiles;
import dev.openaift.job.JobIds;
import dev.openaift.metrics.AnalysisOptions;
import dev.openaift.metrics.JobInputs;
import dev.openaift.metrics.ShutdownDates;
import dev.openaift.report.ReportService;
import dev.openaift.retirement.RetirementTable;
import dev.openaift.retirement.Shutdowns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The archive folder ({@code reports/} by default) and the one owner of writing into it: one
 * sub-folder per job, named by its id (or, for a run reported from local files, by {@link
 * #runFolder}), plus the front page {@code index.html}. Job ids are checked before they become
 * paths, so nothing is ever written outside the archive.
 *
 * <p>Every command that writes into an archive goes through an instance of this class (one instance
 * is one run, one writer):
 *
 * <ul>
 *   <li>{@link #lock(String)} around each write (a job's files and report, a comparison, an
 *       evaluation, a backup): one run writes at a time, others wait and say for what in one line
 *       ({@link ArchiveLock}: an OS file lock on {@code .openai-ft.lock}, so it holds between
 *       processes too). Hold it for one bounded write, never while following a job for hours;
 *       {@link #tryLock(String)} is for optional writes (an interim report) that skip when busy.
 *   <li>{@link #reportSettings(ArchiveSettings, Clock)} gives the report inputs: the settings with
 *       the archive's dates ({@link #shutdowns}: the dated table, the models list archived in
 *       {@code models.json}, the injected clock), so every report made into it carries the same
 *       {@code model_shutdown} finding; each job's by the provider that serves it ({@link
 *       #shutdownsOf}: Azure's deployments have dates of their own).
 *   <li>{@link #rebuildIndex(ArchiveSettings, Clock)} rebuilds {@code index.html} with those same
 *       dates, under the lock: the index is the same whoever rebuilds it.
 *   <li>{@link #claim(String, JobSource)} refuses a job id whose folder holds a job from another
 *       provider or host; {@link #runFolder(String, String)} names a run reported from local files.
 * </ul>
 */
public final class Archive {
  /** The archive's front page. */
  public static final String INDEX_FILE = "index.html";

  /** The lock file in the archive root. */
  public static final String LOCK_FILE = ArchiveLock.FILE;

  private static final ObjectMapper JSON = Json.mapper();

  /** At most this many runs of one name ({@code name}, {@code name-2}, ...). */
  private static final int MAX_SAME_NAME = 1000;

  private final Path root;
  private final Consumer<String> notices;

  /** An archive whose lock waits silently. */
  public Archive(Path root) {
    this(root, line -> {});
  }

  /**
   * @param notices where the one line "waiting for another run ..." goes (the command's stderr)
   */
  public Archive(Path root, Consumer<String> notices) {
    this.root = root.toAbsolutePath().normalize();
    this.notices = java.util.Objects.requireNonNull(notices, "notices");
  }

  /** A held archive lock; closing it ends this hold. */
  public final class Lock implements AutoCloseable {
    private final ArchiveLock lock;
    private boolean open = true;

    private Lock(ArchiveLock lock) {
      this.lock = lock;
    }

    @Override
    public void close() {
      if (open) {
        open = false;
        lock.release(Archive.this);
      }
    }
  }

  /**
   * Takes the archive's write lock for this run (again, if it holds it already, from any thread);
   * when another run holds it, says so in one line and waits.
   *
   * @param what what this run writes, as a waiting run is told ({@code backup}, {@code report
   *     ftjob-abc})
   * @throws dev.openaift.api.ApiException of kind INTERRUPTED when interrupted while waiting
   */
  public Lock lock(String what) {
    ArchiveLock l = ArchiveLock.of(root);
    l.acquire(this, what, true, notices);
    return new Lock(l);
  }

  /** {@link #lock} when no other run holds the lock, else null at once. */
  public Lock tryLock(String what) {
    ArchiveLock l = ArchiveLock.of(root);
    return l.acquire(this, what, false, notices) ? new Lock(l) : null;
  }

  /**
   * The dates every report and the index of this archive count with: {@code given} (the dated table
   * with any {@code --retirement-dates} over it, and the injected clock), else the built-in table
   * with {@code clock}; plus the models list a backup archived ({@code models.json}).
   */
  public Shutdowns shutdowns(ShutdownDates given, Clock clock) {
    Shutdowns s =
        given != null ? Shutdowns.given(given) : new Shutdowns(RetirementTable.builtIn(), clock);
    List<ModelEntry> models = archivedModels();
    return models.isEmpty() ? s : s.withModels(models);
  }

  /**
   * The dates of the job archived in {@code folder}: {@code archiveDates} (this archive's, {@link
   * #shutdowns}) looked up by the provider its {@code source.json} names, so a job from Azure gets
   * Azure's deployment dates and not OpenAI's table or models list ({@link Shutdowns#forProvider});
   * a folder without {@code source.json} (older archives), an OpenAI job or a Trainer run gets
   * {@code archiveDates} unchanged, as does a null folder (loose files); null dates stay null.
   */
  public static Shutdowns shutdownsOf(Path folder, ShutdownDates archiveDates) {
    Shutdowns dates = Shutdowns.given(archiveDates);
    JobSource source = dates == null || folder == null ? null : JobSource.read(folder);
    return source == null ? dates : dates.forProvider(source.provider());
  }

  /** {@code given} with this archive's dates ({@link #shutdowns}): what reports are made with. */
  public ArchiveSettings reportSettings(ArchiveSettings given, Clock clock) {
    return given.withShutdowns(shutdowns(given.analysis().shutdowns(), clock));
  }

  /**
   * Rebuilds {@code index.html} with this archive's dates ({@link #shutdowns}), under the lock;
   * returns its path.
   */
  public Path rebuildIndex(ArchiveSettings given, Clock clock) {
    try (Lock held = lock("rebuilding the archive index")) {
      return ArchiveIndex.rebuild(
          this, given.templates(), given.zone(), shutdowns(given.analysis().shutdowns(), clock));
    }
  }

  /** {@link #rebuildIndex(ArchiveSettings, Clock)} with the default analysis. */
  public Path rebuildIndex(Path templates, ZoneId zone, Clock clock) {
    return rebuildIndex(
        new ArchiveSettings(AnalysisOptions.DEFAULTS, null, templates, zone), clock);
  }

  /**
   * Checks that the job {@code jobId} from {@code source} may be written into its folder: refused
   * when the folder holds a job (or run) from another provider or host, since job ids are unique
   * only per provider (two sandboxes, or OpenAI and Azure, can issue the same id). A folder without
   * {@code source.json} (older archives), or an unknown source, is accepted.
   *
   * @throws ArchiveConflictException naming the folder's {@code source.json} and both sources
   */
  public void claim(String jobId, JobSource source) {
    Path folder = folder(jobId);
    JobSource archived = JobSource.read(folder);
    if (archived == null || source == null || archived.sameEndpoint(source)) {
      return;
    }
    throw new ArchiveConflictException(
        folder.resolve(JobSource.FILE),
        "this archive holds "
            + jobId
            + " from "
            + archived.describe()
            + "; the job of that id now comes from "
            + source.describe()
            + ", a different job: not written over it (use another --reports-dir for that"
            + " endpoint)");
  }

  /**
   * The folder of a run reported from local files (a Trainer run, loose {@code --results}): a
   * readable name made from {@code name} ({@code lora run 1} -> {@code lora-run-1}), the same
   * folder again for the same {@code origin} (its {@code source.json} says so), and {@code name-2},
   * {@code name-3}, ... for a different run whose name is taken.
   *
   * @param origin the absolute path that identifies the run (recorded in {@code source.json})
   */
  public Path runFolder(String name, String origin) {
    String base = readable(name);
    if (RESERVED.contains(base.toLowerCase(java.util.Locale.ROOT))) {
      base = base + "-run"; // a run called "files" beside backup's files/ folder, and in it
    }
    for (int n = 1; n <= MAX_SAME_NAME; n++) {
      Path candidate = folder(n == 1 ? base : base + "-" + n);
      if (!Files.exists(candidate)) {
        return candidate;
      }
      JobSource s = JobSource.read(candidate);
      if (s != null && origin.equals(s.origin())) {
        return candidate;
      }
    }
    throw new ArchiveConflictException(
        root, "more than " + MAX_SAME_NAME + " runs named " + base + " in this archive");
  }

  /**
   * The archive's own folders, which no run may be named as (lower case: a case-blind file system
   * sees {@code Files} as {@code files}): backup's copies of the data files ({@code
   * ArchivedJobs.FILES_DIR}), recordings ({@code Recordings.FOLDER}), evaluations ({@code
   * EvalSession}), launch records ({@link LaunchRecord#FOLDER}) and projects ({@code Project});
   * {@code ArchiveTest} holds them to their owners' names.
   */
  static final java.util.Set<String> RESERVED =
      java.util.Set.of("files", "recordings", "evals", LaunchRecord.FOLDER, "projects");

  /** {@code name} as a folder name: runs of other characters become '-', at most 100 long. */
  static String readable(String name) {
    String s = name == null ? "" : name.strip().replaceAll("[^A-Za-z0-9._-]+", "-");
    s = s.replaceAll("^[.-]+", "").replaceAll("-+$", "");
    if (s.length() > 100) {
      s = s.substring(0, 100).replaceAll("[.-]+$", "");
    }
    return s.isEmpty() ? "run" : s;
  }

  /** The models list of {@code models.json} (written by backup), or none. */
  private List<ModelEntry> archivedModels() {
    Path file = root.resolve(Backup.MODELS_FILE);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<ModelEntry> out = new ArrayList<>();
    try {
      JsonNode doc = JSON.readTree(file.toFile());
      String provider = doc == null ? null : Json.text(doc, "provider");
      if (!JobSource.openAi(provider)) {
        // another provider's list (never written here since lists are kept per endpoint)
        return List.of();
      }
      for (JsonNode m : doc == null ? JSON.createArrayNode() : doc.path("data")) {
        ModelEntry e = ModelEntry.fromJson(m);
        // without a readable date, the table and the base model may still give one
        if (e.id() != null && e.shutdownDate() != null) {
          out.add(e);
        }
      }
    } catch (IOException unreadable) {
      return List.of();
    }
    return out;
  }

  public Path root() {
    return root;
  }

  /** Where this run's one-line notices go (waiting for a lock). */
  java.util.function.Consumer<String> notices() {
    return notices;
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
