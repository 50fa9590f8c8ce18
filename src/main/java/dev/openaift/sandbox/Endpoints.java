package dev.openaift.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The REST endpoints under {@code /v1}. Each request runs under the store's lock; requests that
 * change state persist it before answering. Unknown routes answer 404 {@code Invalid URL (METHOD
 * /path)} like the service, also for a known path with a method it does not take.
 */
final class Endpoints {
  /**
   * The error code of a job creation refused because new jobs have stopped ({@link
   * PlatformRules#newJobsUntil()}).
   */
  static final String NEW_JOBS_CLOSED = "fine_tuning_unavailable";

  private static final Set<String> UPLOAD_PURPOSES =
      Set.of("fine-tune", "assistants", "batch", "vision", "user_data");

  private final Store store;
  private final JobSimulator sim;
  private final ChatEndpoint chat;

  Endpoints(Store store, JobSimulator sim) {
    this.store = store;
    this.sim = sim;
    this.chat = new ChatEndpoint(store);
  }

  ApiResponse handle(ApiRequest r) {
    synchronized (store.lock) {
      ApiResponse response = route(r);
      // What this answer shows must survive a crash: the simulator's ticks are saved at most every
      // 250 ms, so unsaved ones are written before the answer goes out. Otherwise a sandbox killed
      // after answering would, once restarted, generate the same steps again under new ids.
      store.flush();
      return response;
    }
  }

  private ApiResponse route(ApiRequest r) {
    List<String> p = r.path();
    String m = r.method();
    int n = p.size();
    if (n >= 1 && p.get(0).equals("files")) {
      if (n == 1 && m.equals("POST")) {
        return uploadFile(r);
      }
      if (n == 1 && m.equals("GET")) {
        return listFiles(r);
      }
      if (n == 2 && m.equals("GET")) {
        return ApiResponse.ok(Wire.file(file(p.get(1))));
      }
      if (n == 2 && m.equals("DELETE")) {
        return deleteFile(p.get(1));
      }
      if (n == 3 && m.equals("GET") && p.get(2).equals("content")) {
        return fileContent(file(p.get(1)));
      }
    } else if (n >= 2 && p.get(0).equals("fine_tuning") && p.get(1).equals("jobs")) {
      if (n == 2 && m.equals("POST")) {
        return createJob(r);
      }
      if (n == 2 && m.equals("GET")) {
        return listJobs(r);
      }
      if (n == 3 && m.equals("GET")) {
        return ApiResponse.ok(jobJson(job(p.get(2))));
      }
      if (n == 4 && m.equals("POST")) {
        switch (p.get(3)) {
          case "cancel":
            return cancel(job(p.get(2)));
          case "pause":
            return pause(job(p.get(2)));
          case "resume":
            return resume(job(p.get(2)));
          default:
            break;
        }
      }
      if (n == 4 && m.equals("GET") && p.get(3).equals("events")) {
        return listEvents(job(p.get(2)), r);
      }
      if (n == 4 && m.equals("GET") && p.get(3).equals("checkpoints")) {
        return listCheckpoints(job(p.get(2)), r);
      }
    } else if (n == 4
        && p.get(0).equals("fine_tuning")
        && p.get(1).equals("checkpoints")
        && p.get(3).equals("permissions")
        && m.equals("GET")) {
      return checkpointPermissions(p.get(2));
    } else if (n >= 1 && p.get(0).equals("models")) {
      if (n == 1 && m.equals("GET")) {
        return listModels();
      }
      if (n == 2 && m.equals("GET")) {
        return getModel(p.get(1));
      }
      if (n == 2 && m.equals("DELETE")) {
        return deleteModel(p.get(1));
      }
    } else if (n == 2
        && p.get(0).equals("chat")
        && p.get(1).equals("completions")
        && m.equals("POST")) {
      return chat.complete(Json.object(r.body()));
    }
    throw ApiError.notFound(null, null, "Invalid URL (" + m + " /v1/" + String.join("/", p) + ")");
  }

  // ---- files

  private SandboxState.FileEntry file(String id) {
    SandboxState.FileEntry f = store.state.files.get(id);
    if (f == null) {
      throw ApiError.notFound("id", null, "No such File object: " + id);
    }
    return f;
  }

  private ApiResponse uploadFile(ApiRequest r) {
    Map<String, Multipart.Part> parts = Multipart.parse(r.contentType(), r.body());
    Multipart.Part purposePart = parts.get("purpose");
    if (purposePart == null) {
      throw ApiError.missing("purpose");
    }
    String purpose = new String(purposePart.content(), StandardCharsets.UTF_8).strip();
    if (!UPLOAD_PURPOSES.contains(purpose)) {
      throw ApiError.badRequest(
          "purpose",
          null,
          "'"
              + purpose
              + "' is not one of ['fine-tune', 'assistants', 'batch', 'vision', 'user_data'] -"
              + " 'purpose'");
    }
    Multipart.Part filePart = parts.get("file");
    if (filePart == null) {
      throw ApiError.missing("file");
    }
    SandboxState.FileEntry f = new SandboxState.FileEntry();
    f.id = store.newId("file-", 22);
    f.filename =
        filePart.filename() == null || filePart.filename().isBlank() ? "file" : filePart.filename();
    f.purpose = purpose;
    f.createdAt = store.nowMs() / 1000;
    f.content = filePart.content();
    store.state.files.put(f.id, f);
    store.changed(true);
    return ApiResponse.ok(Wire.file(f));
  }

  private ApiResponse listFiles(ApiRequest r) {
    String purpose = r.query().get("purpose");
    String order = r.query().getOrDefault("order", "desc");
    if (!order.equals("asc") && !order.equals("desc")) {
      throw ApiError.badRequest(
          "order", null, "'order' must be 'asc' or 'desc', got '" + order + "'.");
    }
    List<SandboxState.FileEntry> all = new ArrayList<>();
    for (SandboxState.FileEntry f : store.state.files.values()) {
      if (purpose == null || purpose.equals(f.purpose)) {
        all.add(f);
      }
    }
    if (order.equals("desc")) {
      Collections.reverse(all);
    }
    Page<SandboxState.FileEntry> page =
        Page.of(all, r.query().get("after"), limit(r, 10_000, 10_000), f -> f.id);
    ObjectNode body = Wire.list(page.items().stream().map(Wire::file).toList(), page.hasMore());
    // the SDK requires first_id and last_id to be strings, so an empty page carries empty strings
    body.put("first_id", page.items().isEmpty() ? "" : page.items().get(0).id);
    body.put("last_id", page.items().isEmpty() ? "" : page.items().get(page.items().size() - 1).id);
    return ApiResponse.ok(body);
  }

  private ApiResponse fileContent(SandboxState.FileEntry f) {
    if (store.config.platform().refuseTrainingFileContent() && f.purpose.equals("fine-tune")) {
      // the service's answer for training data (the sandbox's switch: --refuse-training-content)
      throw ApiError.badRequest(
          null, null, "Not allowed to download files of purpose: " + f.purpose);
    }
    return new ApiResponse(200, "application/octet-stream", f.content);
  }

  private ApiResponse deleteFile(String id) {
    file(id);
    store.state.files.remove(id);
    store.changed(true);
    return ApiResponse.ok(Wire.deleted(id, "file"));
  }

  // ---- jobs

  private SandboxState.JobEntry job(String id) {
    SandboxState.JobEntry j = store.state.jobs.get(id);
    if (j == null) {
      throw ApiError.notFound(
          "fine_tune_id", "fine_tune_not_found", "Could not find fine-tuning job: " + id);
    }
    return j;
  }

  private ObjectNode jobJson(SandboxState.JobEntry j) {
    return Wire.job(j, sim.estimatedFinish(j), sim.azure());
  }

  private ApiResponse createJob(ApiRequest r) {
    LocalDate until = store.config.platform().newJobsUntil();
    if (until != null && !today().isBefore(until)) {
      throw new ApiError(
          403,
          "invalid_request_error",
          null,
          NEW_JOBS_CLOSED,
          "Fine-tuning job creation is no longer available: new jobs stopped on "
              + until
              + ". Existing jobs, files, events and models stay readable until their shutdown"
              + " dates.");
    }
    JobRequest req = JobRequest.parse(Json.object(r.body()), store.state);
    SandboxState.JobEntry j = new SandboxState.JobEntry();
    j.id = sim.newJobId();
    j.modelTag = store.newId("", 8);
    j.simBaseMs = store.nowMs();
    j.createdAt = j.simBaseMs / 1000;
    j.model = req.model();
    j.baseModel = req.baseModel();
    j.parentModel = req.parentModel();
    j.trainingFile = req.trainingFile();
    j.validationFile = req.validationFile();
    j.suffix = req.suffix();
    j.seed = req.seed() != null ? req.seed() : store.newSeed();
    j.metadata = req.metadata();
    j.method = req.method();
    j.reqEpochs = req.epochs();
    j.reqBatchSize = req.batchSize();
    j.reqLearningRate = req.learningRate();
    j.reqBeta = req.beta();
    j.reqComputeMultiplier = req.computeMultiplier();
    j.reqEvalInterval = req.evalInterval();
    j.reqEvalSamples = req.evalSamples();
    j.reqReasoningEffort = req.reasoningEffort();
    j.grader = req.grader();
    j.status = sim.firstStatus();
    long at = j.createdAt;
    sim.event(j, at, "info", "Created fine-tuning job: " + j.id, null);
    sim.event(
        j,
        at,
        "info",
        "Validating training file: "
            + j.trainingFile
            + (j.validationFile == null ? "" : " and validation file: " + j.validationFile),
        null);
    store.state.jobs.put(j.id, j);
    store.changed(true);
    return ApiResponse.ok(jobJson(j));
  }

  private ApiResponse listJobs(ApiRequest r) {
    Map<String, String> metadata = new TreeMap<>();
    r.query()
        .forEach(
            (k, v) -> {
              if (k.startsWith("metadata[") && k.endsWith("]")) {
                metadata.put(k.substring(9, k.length() - 1), v);
              }
            });
    List<SandboxState.JobEntry> all = new ArrayList<>();
    for (SandboxState.JobEntry j : store.state.jobs.values()) {
      boolean match =
          metadata.entrySet().stream()
              .allMatch(e -> j.metadata != null && e.getValue().equals(j.metadata.get(e.getKey())));
      if (match) {
        all.add(j);
      }
    }
    Collections.reverse(all);
    Page<SandboxState.JobEntry> page =
        Page.of(all, r.query().get("after"), limit(r, 20, 100), j -> j.id);
    return ApiResponse.ok(
        Wire.list(page.items().stream().map(this::jobJson).toList(), page.hasMore()));
  }

  private ApiResponse cancel(SandboxState.JobEntry j) {
    if (j.isTerminal()) {
      throw ApiError.conflict(
          "job_not_cancellable",
          "Job " + j.id + " has already " + j.status + " and cannot be cancelled.");
    }
    return moveTo(j, "cancelled", "Fine-tuning job cancelled");
  }

  private ApiResponse pause(SandboxState.JobEntry j) {
    return moveFrom(j, "running", "paused", "job_not_pausable", "paused");
  }

  private ApiResponse resume(SandboxState.JobEntry j) {
    return moveFrom(j, "paused", "running", "job_not_paused", "resumed");
  }

  /**
   * Moves a job in status {@code from} to {@code to}; a job in any other status is a conflict with
   * {@code code}. {@code done} names the change in the refusal and the event.
   */
  private ApiResponse moveFrom(
      SandboxState.JobEntry j, String from, String to, String code, String done) {
    if (!j.status.equals(from)) {
      throw ApiError.conflict(
          code,
          "Only a " + from + " job can be " + done + "; job " + j.id + " is " + j.status + ".");
    }
    return moveTo(j, to, "Fine-tuning job " + done);
  }

  /** Brings the simulation up to now, then changes the job's status with its event. */
  private ApiResponse moveTo(SandboxState.JobEntry j, String status, String message) {
    sim.catchUp(j);
    j.status = status;
    sim.event(j, sim.simNowMs(j) / 1000, "info", message, null);
    store.changed(true);
    return ApiResponse.ok(jobJson(j));
  }

  private ApiResponse listEvents(SandboxState.JobEntry j, ApiRequest r) {
    List<SandboxState.EventEntry> newestFirst = new ArrayList<>(j.events);
    Collections.reverse(newestFirst);
    Page<SandboxState.EventEntry> page =
        Page.of(newestFirst, r.query().get("after"), limit(r, 20, 100), e -> e.id);
    return ApiResponse.ok(
        Wire.list(page.items().stream().map(Wire::event).toList(), page.hasMore()));
  }

  private ApiResponse listCheckpoints(SandboxState.JobEntry j, ApiRequest r) {
    List<SandboxState.CheckpointEntry> newestFirst = new ArrayList<>(j.checkpoints);
    Collections.reverse(newestFirst);
    Page<SandboxState.CheckpointEntry> page =
        Page.of(newestFirst, r.query().get("after"), limit(r, 10, 100), c -> c.id);
    ObjectNode body =
        Wire.list(page.items().stream().map(c -> Wire.checkpoint(j, c)).toList(), page.hasMore());
    if (page.items().isEmpty()) {
      body.putNull("first_id");
      body.putNull("last_id");
    } else {
      body.put("first_id", page.items().get(0).id);
      body.put("last_id", page.items().get(page.items().size() - 1).id);
    }
    return ApiResponse.ok(body);
  }

  /**
   * {@code GET /v1/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions}: the sandbox
   * shares no checkpoint with other projects, so a known checkpoint has an empty list.
   */
  private ApiResponse checkpointPermissions(String checkpointModel) {
    boolean known =
        store.state.jobs.values().stream()
            .anyMatch(j -> j.checkpoints.stream().anyMatch(c -> checkpointModel.equals(c.model)));
    if (!known) {
      throw ApiError.notFound(
          null,
          "model_not_found",
          "The model '" + checkpointModel + "' does not exist or you do not have access to it.");
    }
    ObjectNode body = Wire.list(List.of(), false);
    body.putNull("first_id");
    body.putNull("last_id");
    return ApiResponse.ok(body);
  }

  // ---- models

  private ApiResponse listModels() {
    List<JsonNode> data = new ArrayList<>();
    BaseModels.ALL.forEach(
        b -> data.add(Wire.model(b.id(), b.created(), b.ownedBy(), shutdownDate(b.id()))));
    store
        .state
        .models
        .values()
        .forEach(mo -> data.add(Wire.model(mo.id, mo.created, mo.ownedBy, shutdownDate(mo.id))));
    ObjectNode body = Wire.MAPPER.createObjectNode();
    body.put("object", "list");
    body.putArray("data").addAll(data);
    return ApiResponse.ok(body);
  }

  private ApiResponse getModel(String id) {
    var base = BaseModels.find(id);
    if (base.isPresent() && base.get().id().equals(id)) {
      return ApiResponse.ok(
          Wire.model(id, base.get().created(), base.get().ownedBy(), shutdownDate(id)));
    }
    SandboxState.ModelEntry mo = store.state.models.get(id);
    if (mo == null) {
      throw modelNotFound(id);
    }
    return ApiResponse.ok(Wire.model(mo.id, mo.created, mo.ownedBy, shutdownDate(mo.id)));
  }

  private Optional<LocalDate> shutdownDate(String model) {
    return BaseModels.shutdownDate(model, store.config.platform());
  }

  private LocalDate today() {
    return LocalDate.ofInstant(Instant.ofEpochMilli(store.nowMs()), ZoneOffset.UTC);
  }

  private ApiResponse deleteModel(String id) {
    if (BaseModels.find(id).isPresent()) {
      throw new ApiError(
          403,
          "invalid_request_error",
          "model",
          "model_not_deletable",
          "You cannot delete the base model '" + id + "': only fine-tuned models can be deleted.");
    }
    if (store.state.models.remove(id) == null) {
      throw modelNotFound(id);
    }
    store.changed(true);
    return ApiResponse.ok(Wire.deleted(id, "model"));
  }

  static ApiError modelNotFound(String id) {
    return ApiError.notFound("model", "model_not_found", "The model '" + id + "' does not exist");
  }

  // ---- helpers

  private static int limit(ApiRequest r, int dflt, int max) {
    String s = r.query().get("limit");
    if (s == null) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(s);
      if (v >= 1 && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.badRequest(
        "limit",
        "integer_out_of_range",
        "Invalid 'limit': expected an integer between 1 and " + max + ", got '" + s + "'.");
  }

  /** One page of a list that is already in answer order. */
  record Page<T>(List<T> items, boolean hasMore) {
    static <T> Page<T> of(List<T> all, String after, int limit, Function<T, String> id) {
      int start = 0;
      if (after != null) {
        int i = 0;
        while (i < all.size() && !id.apply(all.get(i)).equals(after)) {
          i++;
        }
        if (i == all.size()) {
          throw ApiError.badRequest(
              "after", null, "Invalid 'after': no object with id '" + after + "' in this list.");
        }
        start = i + 1;
      }
      int end = Math.min(all.size(), start + limit);
      return new Page<>(List.copyOf(all.subList(start, end)), end < all.size());
    }
  }
}
