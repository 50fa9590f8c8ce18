package dev.openaift.sandbox;

import dev.openaift.io.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Moves jobs through {@code validating_files -> queued -> running -> succeeded} one tick at a time,
 * with the service's events. A tick is one step delay of simulated time: tick 1 validates the
 * files, tick 2 starts the job, ticks 3 .. N+2 run steps 1 .. N, tick N+3 creates the model and the
 * result file. Every method is called with the store's lock held.
 */
final class JobSimulator {
  static final String ORGANIZATION = "org-sandbox";
  private final Store store;

  /**
   * Azure's flavour: finished jobs get Azure's result file ({@link ResultCsv#renderAzure}) and
   * Azure's model names ({@link #modelName}).
   */
  private final boolean azure;

  JobSimulator(Store store) {
    this(store, false);
  }

  JobSimulator(Store store, boolean azure) {
    this.store = store;
    this.azure = azure;
  }

  /** Advances every job that is neither finished nor paused by one tick; returns how many moved. */
  int tickAll() {
    int moved = 0;
    for (SandboxState.JobEntry job : new ArrayList<>(store.state.jobs.values())) {
      if (job.isActive()) {
        advance(job);
        moved++;
      }
    }
    if (moved > 0) {
      store.changed(false);
    }
    store.flushIfDue();
    return moved;
  }

  long simNowMs(SandboxState.JobEntry job) {
    return job.simBaseMs + job.ticks * store.config.stepDelayMs();
  }

  /**
   * Moves the job's simulated time up to the clock if the clock is ahead (after a pause or
   * restart).
   */
  void catchUp(SandboxState.JobEntry job) {
    long now = store.nowMs();
    long sim = simNowMs(job);
    if (now > sim) {
      job.simBaseMs += now - sim;
    }
  }

  /** The simulated time the job should finish at (unix s), or null when unknown or not running. */
  Long estimatedFinish(SandboxState.JobEntry job) {
    if (job.plan == null) {
      return null;
    }
    long remaining =
        switch (job.status) {
          case "queued" -> job.plan.totalSteps() + 2L;
          case "running" -> job.plan.totalSteps() - job.step + 1L;
          default -> -1L;
        };
    if (remaining < 0) {
      return null;
    }
    return (simNowMs(job) + remaining * store.config.stepDelayMs()) / 1000;
  }

  /** A new job's id: {@code ftjob-} and 24 letters and digits, or 32 hex digits on Azure. */
  String newJobId() {
    return azure ? store.newHexId("ftjob-", 32) : store.newId("ftjob-", 24);
  }

  /** A new job's status: {@code validating_files}, or {@code pending} on Azure. */
  String firstStatus() {
    return azure ? "pending" : "validating_files";
  }

  /** Whether the jobs are Azure's (which {@link Wire#job} writes in Azure's shape). */
  boolean azure() {
    return azure;
  }

  void advance(SandboxState.JobEntry job) {
    job.ticks++;
    long at = simNowMs(job) / 1000;
    switch (job.status) {
      case "pending", "validating_files" -> validate(job, at);
      case "queued" -> {
        job.status = "running";
        event(job, at, "info", "Fine-tuning job started", null);
      }
      case "running" -> {
        if (job.step < job.plan.totalSteps()) {
          step(job, at);
        } else {
          finish(job, at);
        }
      }
      default -> throw new IllegalStateException("job " + job.id + " is " + job.status);
    }
  }

  private void validate(SandboxState.JobEntry job, long at) {
    boolean dpo = job.method.equals("dpo");
    List<TrainingData.Example> examples =
        readOrFail(job, at, job.trainingFile, "training", TrainingData.MIN_TRAINING_EXAMPLES);
    if (examples == null) {
      return;
    }
    int validationExamples = 0;
    if (job.validationFile != null) {
      List<TrainingData.Example> validation =
          readOrFail(job, at, job.validationFile, "validation", 1);
      if (validation == null) {
        return;
      }
      validationExamples = validation.size();
    }
    long tokens = examples.stream().mapToLong(TrainingData.Example::tokens).sum();
    List<TrainingData.Example> known = new ArrayList<>();
    if (job.parentModel != null) {
      SandboxState.ModelEntry parent = store.state.models.get(job.parentModel);
      SandboxState.JobEntry parentJob = parent == null ? null : store.state.jobs.get(parent.jobId);
      if (parentJob != null) {
        known.addAll(parentJob.examples);
      }
    }
    known.addAll(examples);
    job.examples = known;
    job.plan =
        TrainingPlan.resolve(
            examples.size(),
            intOrNull(job.reqEpochs),
            intOrNull(job.reqBatchSize),
            doubleOrNull(job.reqLearningRate),
            doubleOrNull(job.reqBeta),
            dpo,
            tokens,
            validationExamples > 0);
    if (job.method.equals("reinforcement")) {
      job.reinforcement =
          ReinforcementPlan.resolve(
              job.plan,
              doubleOrNull(job.reqComputeMultiplier),
              intOrNull(job.reqEvalInterval),
              intOrNull(job.reqEvalSamples),
              job.reqReasoningEffort,
              JobRequest.graderNames(job.grader, "method.reinforcement.grader"));
    }
    job.status = "queued";
    event(job, at, "info", "Files validated, moving job to queued state", null);
  }

  /**
   * The examples of the job's {@code kind} file ({@code training} or {@code validation}), or null
   * after failing the job with {@code invalid_<kind>_file} when the file is gone or invalid.
   */
  private List<TrainingData.Example> readOrFail(
      SandboxState.JobEntry job, long at, String fileId, String kind, int min) {
    try {
      SandboxState.FileEntry f = store.state.files.get(fileId);
      if (f == null) {
        throw new TrainingData.Problem(0, "the file was deleted before it could be validated.");
      }
      return TrainingData.read(f.content, job.method, min);
    } catch (TrainingData.Problem p) {
      fail(
          job,
          at,
          "invalid_" + kind + "_file",
          kind + "_file",
          "Invalid " + kind + " file " + fileId + ": " + p.getMessage());
      return null;
    }
  }

  private void step(SandboxState.JobEntry job, long at) {
    if (job.method.equals("reinforcement")) {
      reinforcementStep(job, at);
      return;
    }
    int s = ++job.step;
    TrainingPlan plan = job.plan;
    LossModel.StepMetrics m = LossModel.at(job.seed, plan, job.method.equals("dpo"), s);
    StringBuilder msg =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Step %d/%d: training loss=%.2f",
                s,
                plan.totalSteps(),
                m.trainLoss()));
    if (m.validLoss() != null) {
      msg.append(String.format(Locale.ROOT, ", validation loss=%.2f", m.validLoss()));
    }
    if (m.fullValidLoss() != null) {
      msg.append(String.format(Locale.ROOT, ", full validation loss=%.2f", m.fullValidLoss()));
    }
    SandboxState.EventEntry e = event(job, at, "info", msg.toString(), m.eventData());
    e.type = "metrics";
    if (plan.isCheckpointStep(s)) {
      checkpoint(job, at, s, m.checkpointMetrics());
    }
  }

  private void reinforcementStep(SandboxState.JobEntry job, long at) {
    int s = ++job.step;
    RewardModel.Step m = RewardModel.at(job.seed, job.plan, job.reinforcement, s);
    SandboxState.EventEntry e = event(job, at, "info", m.message(), m.eventData());
    e.type = "metrics";
    if (job.plan.isCheckpointStep(s)) {
      checkpoint(job, at, s, m.checkpointMetrics());
    }
  }

  private void checkpoint(
      SandboxState.JobEntry job, long at, int s, TreeMap<String, Object> metrics) {
    SandboxState.CheckpointEntry c = new SandboxState.CheckpointEntry();
    c.id = azure ? store.newHexId("ftchkpt-", 32) : store.newId("ftckpt_", 24);
    c.createdAt = at;
    c.model = modelName(job) + ":ckpt-step-" + s;
    c.step = s;
    c.metrics = metrics;
    job.checkpoints.add(c);
    event(
        job, at, "info", "Checkpoint created at step " + s + " with Snapshot ID: " + c.model, null);
  }

  private void finish(SandboxState.JobEntry job, long at) {
    String name = modelName(job);
    SandboxState.ModelEntry model = new SandboxState.ModelEntry();
    model.id = name;
    model.created = at;
    model.ownedBy = ORGANIZATION;
    model.jobId = job.id;
    store.state.models.put(name, model);

    SandboxState.FileEntry result = new SandboxState.FileEntry();
    result.id = store.newId("file-", 22);
    result.filename = ResultCsv.FILENAME;
    result.purpose = "fine-tune-results";
    result.createdAt = at;
    // step s ran at tick s + 2; this is tick total + 3
    long finishMs = simNowMs(job);
    long delay = store.config.stepDelayMs();
    int total = job.plan.totalSteps();
    result.content =
        azure
            ? ResultCsv.renderAzure(
                job.seed,
                job.plan,
                job.method,
                job.reinforcement,
                s -> finishMs - (total + 1 - s) * delay)
            : ResultCsv.render(
                job.seed, job.plan, job.method, job.reinforcement, store.config.base64Results());
    store.state.files.put(result.id, result);

    job.fineTunedModel = name;
    job.resultFiles.add(result.id);
    job.trainedTokens = job.plan.tokensPerEpoch() * job.plan.epochs();
    job.finishedAt = at;
    job.status = "succeeded";
    event(job, at, "info", "New fine-tuned model created: " + name, null);
    event(job, at, "info", "Evaluating model against our usage policies before enabling", null);
    event(
        job,
        at,
        "info",
        "Usage policy evaluations completed, model is now enabled for sampling",
        null);
    event(job, at, "info", "The job has successfully completed", null);
  }

  void fail(SandboxState.JobEntry job, long at, String code, String param, String message) {
    SandboxState.JobError err = new SandboxState.JobError();
    err.code = code;
    err.param = param;
    err.message = message;
    job.error = err;
    job.status = "failed";
    job.finishedAt = at;
    event(job, at, "error", message, null);
  }

  /**
   * {@code ft:BASE:sandbox:SUFFIX:TAG}, the suffix empty when none was given; in Azure's flavour
   * {@code BASE.ft-HEX} or {@code BASE.ft-HEX-SUFFIX}, as Azure names fine-tunes (32 hex digits,
   * here from the job's id).
   */
  String modelName(SandboxState.JobEntry job) {
    if (azure) {
      return job.baseModel
          + ".ft-"
          + Sha256.hex(job.id.getBytes(StandardCharsets.UTF_8)).substring(0, 32)
          + (job.suffix == null || job.suffix.isEmpty() ? "" : "-" + job.suffix);
    }
    return "ft:"
        + job.baseModel
        + ":sandbox:"
        + (job.suffix == null ? "" : job.suffix)
        + ":"
        + job.modelTag;
  }

  SandboxState.EventEntry event(
      SandboxState.JobEntry job,
      long at,
      String level,
      String message,
      TreeMap<String, Object> data) {
    SandboxState.EventEntry e = new SandboxState.EventEntry();
    e.id = store.newId("ftevent-", 24);
    e.createdAt = at;
    e.level = level;
    e.message = message;
    e.type = "message";
    e.data = data == null ? new TreeMap<>() : data;
    job.events.add(e);
    return e;
  }

  private static Integer intOrNull(Object v) {
    return v instanceof Number n ? n.intValue() : null;
  }

  private static Double doubleOrNull(Object v) {
    return v instanceof Number n ? n.doubleValue() : null;
  }
}
