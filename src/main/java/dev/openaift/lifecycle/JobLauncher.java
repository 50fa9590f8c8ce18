package dev.openaift.lifecycle;

import dev.openaift.api.ApiException;
import dev.openaift.api.Connection;
import dev.openaift.api.FileInfo;
import dev.openaift.api.FineTuningGateway;
import dev.openaift.api.JobRequest;
import dev.openaift.api.LifecycleGateway;
import dev.openaift.archive.Archive;
import dev.openaift.archive.LaunchRecord;
import dev.openaift.follow.Retries;
import dev.openaift.io.Sha256;
import dev.openaift.job.Job;
import dev.openaift.prepare.DatasetChecker;
import dev.openaift.prepare.PrepareOptions;
import dev.openaift.prepare.PrepareReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Starts a fine-tuning job from local files or uploaded file ids: local files are checked with
 * {@code prepare}'s rules first (an unusable file stops everything before any request), then
 * uploaded, then the job is created. {@link #plan} does the local part only, so a dry run sends
 * nothing.
 */
public final class JobLauncher {
  private JobLauncher() {}

  /**
   * What would be sent.
   *
   * @param request the job request; a local file's id is a placeholder until it is uploaded
   * @param training the training file as given
   * @param validation the validation file as given, or null
   * @param trainingReport the check of a local training file (its estimate is the cost), or null
   * @param validationReport the check of a local validation file, or null
   */
  public record Plan(
      JobRequest request,
      FileRef training,
      FileRef validation,
      PrepareReport trainingReport,
      PrepareReport validationReport) {

    /** The request body as it would go out, local files shown as {@code <upload of PATH>}. */
    public Map<String, Object> body() {
      return new TreeMap<>(request.body());
    }

    /** The local files that would be uploaded, training first. */
    public List<FileRef> uploads() {
      List<FileRef> l = new ArrayList<>();
      if (training.isLocal()) {
        l.add(training);
      }
      if (validation != null && validation.isLocal()) {
        l.add(validation);
      }
      return l;
    }
  }

  /**
   * The started job and the files uploaded for it.
   *
   * @param trainingUpload the training file uploaded by this run, or null (an id was given, or an
   *     earlier run's upload of the same bytes was reused)
   * @param validationUpload the validation file uploaded by this run, or null
   * @param trainingId the training file the job uses
   * @param validationId the validation file the job uses, or null
   * @param earlier whether the job was started by an earlier run of the same request (its launch
   *     record said so): nothing was created now
   */
  public record Launched(
      Job job,
      FileInfo trainingUpload,
      FileInfo validationUpload,
      String trainingId,
      String validationId,
      boolean earlier) {}

  /**
   * What identifies a request in the archive's launch records: the account it goes to (base URL
   * without user info, organization, project; never the key) and the request as it would be sent,
   * local files by their SHA-256 ({@code sha256:...}) instead of the ids an upload gives them.
   */
  static Map<String, Object> identity(Plan plan, Connection connection) {
    Map<String, Object> id = new TreeMap<>();
    if (connection != null) {
      id.put("endpoint", connection.shownBaseUrl());
      if (connection.organization() != null) {
        id.put("organization", connection.organization());
      }
      if (connection.project() != null) {
        id.put("project", connection.project());
      }
    }
    id.put(
        "request",
        plan.request()
            .withFiles(
                byContent(plan.training()),
                plan.validation() == null ? null : byContent(plan.validation()))
            .body());
    return id;
  }

  private static String byContent(FileRef ref) {
    if (!ref.isLocal()) {
      return ref.given();
    }
    try {
      return "sha256:" + Sha256.of(ref.local());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ref.local() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks the local files (unless {@code checks} is null) and builds the request. Sends nothing.
   *
   * @param draft the request with any file ids; its file fields are replaced from the refs
   * @param checks how to check local files (model and epochs for the estimate), or null to skip
   * @throws UnusableFileException when a local file has a problem
   */
  public static Plan plan(
      JobRequest draft, FileRef training, FileRef validation, PrepareOptions checks) {
    PrepareReport trainingReport =
        training.isLocal() ? FileUploader.check(training.local(), checks) : null;
    PrepareReport validationReport =
        validation != null && validation.isLocal()
            ? FileUploader.check(validation.local(), checks)
            : null;
    JobRequest request =
        draft.withFiles(placeholder(training), validation == null ? null : placeholder(validation));
    return new Plan(request, training, validation, trainingReport, validationReport);
  }

  /**
   * The plan with the check of an already uploaded training file (given by id): its content is
   * downloaded into a temporary file, checked like a local one, and the temporary file deleted.
   * Plans with a local training file, or without checks, are returned unchanged.
   *
   * @throws UnusableFileException when the uploaded file has a problem (nothing is created)
   */
  public static Plan checkUploadedTraining(
      LifecycleGateway gateway, Plan plan, PrepareOptions checks) {
    if (checks == null || plan.training().isLocal()) {
      return plan;
    }
    byte[] content = gateway.fileContent(plan.training().given());
    Path temp = null;
    try {
      temp = Files.createTempFile("openai-ft-" + plan.training().given() + "-", ".jsonl");
      Files.write(temp, content);
      PrepareReport report = DatasetChecker.check(temp, checks);
      if (!report.usable()) {
        throw UnusableFileException.uploaded(plan.training().given(), report);
      }
      return new Plan(
          plan.request(), plan.training(), plan.validation(), report, plan.validationReport());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep a temporary copy of " + plan.training().given() + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the temporary folder is cleaned by the system
        }
      }
    }
  }

  /**
   * How a create that got no answer is sent again ({@link #createOnce}).
   *
   * @param retries the policy: transient faults only, backing off, until one call has failed for
   *     its give-up time
   * @param waits how to wait between attempts (a cancellable sleep)
   * @param notices told of each retry and of a job found instead of creating one
   */
  public record Sending(Retries retries, Retries.Waits waits, Consumer<String> notices) {}

  /**
   * Starts the job of {@code plan} once, whatever the number of runs: under the request's launch
   * record in {@code archive} ({@link LaunchRecord}, its lock held until the job is known, so a
   * second run of the same request waits for it), the job an earlier run started is taken, and
   * nothing is asked or paid, unless it failed, was cancelled or is gone, or {@code again} asks for
   * a new one. Otherwise {@code confirm} (which says what it will cost) decides, and the plan's
   * local files are uploaded (training first) and the job created ({@link #createOnce}):
   *
   * <ul>
   *   <li>a file an earlier run uploaded from the same bytes is reused when it is still there;
   *   <li>a create an earlier run sent without recording its answer (it was killed, or gave up) is
   *       looked for among the newest jobs before it is sent again.
   * </ul>
   *
   * Each upload, the sending and the job are written into the record as they happen.
   *
   * @param what this run, as a run waiting for the record is told
   * @return the job, or null when {@code confirm} said no
   */
  public static Launched launchOnce(
      LifecycleGateway gateway,
      Plan plan,
      Sending sending,
      Archive archive,
      boolean again,
      Clock clock,
      String what,
      BooleanSupplier confirm) {
    try (LaunchRecord record =
        LaunchRecord.open(archive, identity(plan, gateway.connection()), what)) {
      Job earlier = again ? null : earlierJob(gateway, record, sending);
      if (earlier != null) {
        return new Launched(
            earlier, null, null, earlier.trainingFile(), earlier.validationFile(), true);
      }
      return confirm.getAsBoolean() ? launch(gateway, plan, sending, record, again, clock) : null;
    }
  }

  /** A local file of the plan as the job gets it: uploaded now (or null) and its id. */
  private record Placed(FileInfo upload, String id) {}

  private static Launched launch(
      LifecycleGateway gateway,
      Plan plan,
      Sending sending,
      LaunchRecord record,
      boolean again,
      Clock clock) {
    FileUploader uploader = new FileUploader(gateway);
    Placed training =
        plan.training().isLocal()
            ? place(gateway, uploader, record, TRAINING, plan.training(), sending)
            : new Placed(null, plan.training().given());
    Placed validation = null;
    try {
      validation =
          plan.validation() == null
              ? new Placed(null, null)
              : plan.validation().isLocal()
                  ? place(gateway, uploader, record, VALIDATION, plan.validation(), sending)
                  : new Placed(null, plan.validation().given());
      JobRequest request = plan.request().withFiles(training.id(), validation.id());
      if (record.sent() != null && !again) {
        Job found = startedBySentCreate(gateway, record, request);
        if (found != null) {
          record.started(found.id(), clock.instant());
          sending
              .notices()
              .accept(
                  "an earlier run sent this create at "
                      + record.sent()
                      + " and recorded no answer; it did start "
                      + found.id()
                      + " ("
                      + found.status()
                      + "): taking it instead of creating another");
          return launched(found, training, validation, true);
        }
      }
      record.sending(clock.instant());
      Job job;
      try {
        job = createOnce(gateway, request, training.upload() != null, sending);
      } catch (ApiException e) {
        if (!e.kind().transientFault() && e.kind() != ApiException.Kind.INTERRUPTED) {
          // refused: the answer is known, no job was started
          record.notStarted();
        }
        throw e;
      }
      record.started(job.id(), clock.instant());
      return launched(job, training, validation, false);
    } catch (ApiException e) {
      throw withUploads(
          newJobsRefused(e) ? asNewJobsRefusal(e) : e,
          plan,
          training.upload(),
          validation == null ? null : validation.upload());
    }
  }

  private static Launched launched(Job job, Placed training, Placed validation, boolean earlier) {
    return new Launched(
        job, training.upload(), validation.upload(), training.id(), validation.id(), earlier);
  }

  private static final String TRAINING = "training";
  private static final String VALIDATION = "validation";

  /**
   * The job the record's last launch started, when it may stand for this run: not failed, not
   * cancelled, still on the account. Says in one line what it found.
   */
  private static Job earlierJob(FineTuningGateway gateway, LaunchRecord record, Sending sending) {
    LaunchRecord.Started last = record.latest();
    if (last == null) {
      return null;
    }
    Job job;
    try {
      job = gateway.getJob(last.jobId());
    } catch (ApiException e) {
      if (e.kind() != ApiException.Kind.NOT_FOUND) {
        throw e;
      }
      sending
          .notices()
          .accept(
              "the job an earlier run started for this request, "
                  + last.jobId()
                  + ", is not on this account any more; creating a new one");
      return null;
    }
    if ("failed".equals(job.status()) || "cancelled".equals(job.status())) {
      sending
          .notices()
          .accept(
              "the job an earlier run started for this request, "
                  + job.id()
                  + ", "
                  + job.status()
                  + "; creating a new one");
      return null;
    }
    sending
        .notices()
        .accept(
            "an earlier run started "
                + job.id()
                + " for this same request at "
                + last.at()
                + " ("
                + job.status()
                + "; "
                + record.file()
                + "): not creating another; --again starts a new job");
    return job;
  }

  /**
   * A local file of the plan on the account: the upload an earlier run made of the same bytes for
   * {@code role} when it is still there, else uploaded now and recorded.
   */
  private static Placed place(
      FineTuningGateway gateway,
      FileUploader uploader,
      LaunchRecord record,
      String role,
      FileRef ref,
      Sending sending) {
    String sha256 = record.contentHash(role + "_file");
    LaunchRecord.Upload earlier = record.upload(role, sha256);
    if (earlier != null && stillThere(gateway, earlier.fileId())) {
      sending
          .notices()
          .accept(
              "reusing "
                  + earlier.fileId()
                  + " for "
                  + ref.local()
                  + ": an earlier run of this request uploaded the same bytes");
      return new Placed(null, earlier.fileId());
    }
    FileInfo f = uploader.upload(ref.local(), FileUploader.FINE_TUNE, null).file();
    record.uploaded(role, ref.local(), sha256, f.id());
    return new Placed(f, f.id());
  }

  private static boolean stillThere(FineTuningGateway gateway, String fileId) {
    try {
      gateway.getFile(fileId);
      return true;
    } catch (ApiException e) {
      if (e.kind() == ApiException.Kind.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /**
   * How long before the recorded sending a job may have been created and still be its answer: the
   * service's clock and this machine's can differ.
   */
  static final long CLOCK_MARGIN_SECONDS = 600;

  /**
   * The job a create sent by an earlier run started, when the run recorded no answer: one of the
   * newest jobs made by the request, created no earlier than the sending (less a margin for the
   * clocks), and not already in the record.
   */
  private static Job startedBySentCreate(
      FineTuningGateway gateway, LaunchRecord record, JobRequest request) {
    long since = record.sent().getEpochSecond() - CLOCK_MARGIN_SECONDS;
    Set<String> known = new HashSet<>();
    record.jobs().forEach(s -> known.add(s.jobId()));
    for (Job j : made(gateway, request)) {
      if (!known.contains(j.id()) && j.createdAt() != null && j.createdAt() >= since) {
        return j;
      }
    }
    return null;
  }

  /**
   * Creates the job of {@code request}, never two. The gateway sends the create once: when no
   * answer comes back (a dropped connection, a timeout, a 5xx from a proxy) the service may still
   * have started the job, and sending it again would start and bill a second one. So after a
   * transient fault this first looks among the newest jobs for one the request made (same model,
   * files, suffix, seed, method and metadata) that was not there before it was sent, and takes it;
   * only when there is none is the request sent again, by {@code sending}'s policy. Other errors
   * are thrown at once.
   *
   * @param freshFiles whether the training file was uploaded by this run: no job can have used it
   *     before, so the jobs already there need not be listed first
   */
  public static Job createOnce(
      FineTuningGateway gateway, JobRequest request, boolean freshFiles, Sending sending) {
    Retries.OnRetry onRetry =
        (fault, attempt, wait) ->
            sending
                .notices()
                .accept(
                    "no clear answer to the create ("
                        + fault.getMessage()
                        + "); looking for a job it may have started, then sending it again in "
                        + wait.toMillis() / 1000.0
                        + " s");
    Set<String> before =
        freshFiles
            ? Set.of()
            : sending.retries().call(() -> ids(made(gateway, request)), onRetry, sending.waits());
    boolean[] sent = {false};
    try {
      return sending
          .retries()
          .call(
              () -> {
                if (sent[0]) {
                  for (Job j : made(gateway, request)) {
                    if (!before.contains(j.id())) {
                      sending
                          .notices()
                          .accept(
                              "the answer to the create was lost, but the job was started: "
                                  + j.id()
                                  + " ("
                                  + j.status()
                                  + "); not creating another");
                      return j;
                    }
                  }
                }
                sent[0] = true;
                return gateway.createJob(request);
              },
              onRetry,
              sending.waits());
    } catch (ApiException e) {
      if (!sent[0] || !e.kind().transientFault()) {
        throw e;
      }
      // the last attempt may have started the job all the same
      throw new ApiException(
              e.kind(),
              e.statusCode(),
              e.getMessage()
                  + "; the last attempt may still have started the job: look with 'openai-ft jobs"
                  + " list' before creating it again",
              e)
          .withApiError(e.apiCode(), e.apiMessage());
    }
  }

  /** How many of the newest jobs are looked through for one a create started. */
  static final int NEWEST = 100;

  /** The newest jobs that {@code request} could have made, newest first. */
  private static List<Job> made(FineTuningGateway gateway, JobRequest request) {
    // the first page: a job just created is among the newest
    List<Job> out = new ArrayList<>();
    for (Job j : gateway.listJobs(null, NEWEST).data()) {
      if (sameRequest(j, request)) {
        out.add(j);
      }
    }
    return out;
  }

  /**
   * Whether {@code job} is what {@code request} asks for, as far as the job object tells: what it
   * does not carry (a suffix, a seed the service chose) is not held against it.
   */
  static boolean sameRequest(Job job, JobRequest request) {
    String model = job.model();
    return model != null
        && (model.equals(request.model()) || model.startsWith(request.model() + "-"))
        && request.trainingFile().equals(job.trainingFile())
        && Objects.equals(request.validationFile(), job.validationFile())
        && (request.suffix() == null
            || job.suffix() == null
            || request.suffix().equals(job.suffix()))
        && (request.seed() == null || job.seed() == null || request.seed().equals(job.seed()))
        && (request.method() == null
            || job.methodType() == null
            || request.method().equals(job.methodType()))
        && job.metadata().equals(request.metadata());
  }

  private static Set<String> ids(List<Job> jobs) {
    Set<String> ids = new HashSet<>();
    jobs.forEach(j -> ids.add(j.id()));
    return ids;
  }

  /**
   * The error code the sandbox (and, as far as is known, the service) gives when new jobs are no
   * longer accepted.
   */
  static final String NEW_JOBS_CLOSED = "fine_tuning_unavailable";

  private static final Pattern CLOSED_WORDING =
      Pattern.compile(
          "(?i).*(fine-?tuning[^.]*(no longer|not) (available|accepted|allowed|supported)"
              + "|(no longer|not) (accept|allow|create)[^.]*(fine-?tuning|new) jobs"
              + "|new (fine-?tuning )?jobs (stopped|are no longer|can no longer)).*");

  /**
   * Whether the API refused to create a job because the platform no longer accepts new fine-tuning
   * jobs (not because of this request): its error code, or a 4xx whose message says so.
   */
  public static boolean newJobsRefused(ApiException e) {
    if (NEW_JOBS_CLOSED.equals(e.apiCode())) {
      return true;
    }
    int status = e.statusCode();
    return status >= 400
        && status < 500
        && status != 429
        && e.apiMessage() != null
        && CLOSED_WORDING.matcher(e.apiMessage()).matches();
  }

  private static ApiException asNewJobsRefusal(ApiException e) {
    String code = e.apiCode() == null ? "" : " " + e.apiCode();
    return new ApiException(
            e.kind(),
            e.statusCode(),
            "the service no longer accepts new fine-tuning jobs (HTTP "
                + e.statusCode()
                + code
                + ": "
                + e.apiMessage()
                + "); existing jobs, files and models stay readable:"
                + " see 'openai-ft inventory'",
            e)
        .withApiError(e.apiCode(), e.apiMessage());
  }

  /**
   * The error of a job that was not created, naming the files already uploaded for it: they stay on
   * the account, so the user can reuse them (instead of uploading again) or delete them.
   */
  private static ApiException withUploads(
      ApiException e, Plan plan, FileInfo training, FileInfo validation) {
    if (training == null && validation == null) {
      return e;
    }
    StringBuilder m =
        new StringBuilder(e.getMessage()).append("; uploaded before that, and kept: ");
    List<String> ids = new ArrayList<>();
    if (training != null) {
      m.append(plan.training().local()).append(" as ").append(training.id());
      ids.add(training.id());
    }
    if (validation != null) {
      m.append(training != null ? ", " : "")
          .append(plan.validation().local())
          .append(" as ")
          .append(validation.id());
      ids.add(validation.id());
    }
    m.append(" (reuse with");
    if (training != null) {
      m.append(" --training-file ").append(training.id());
    }
    if (validation != null) {
      m.append(" --validation-file ").append(validation.id());
    }
    m.append(", or delete: openai-ft files delete ").append(String.join(" ", ids)).append(")");
    return new ApiException(e.kind(), e.statusCode(), m.toString(), e)
        .withApiError(e.apiCode(), e.apiMessage());
  }

  private static String placeholder(FileRef ref) {
    return ref.isLocal() ? "<upload of " + ref.local() + ">" : ref.given();
  }
}
