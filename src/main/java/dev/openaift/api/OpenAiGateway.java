package dev.openaift.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.MultipartField;
import com.openai.core.ObjectMappers;
import com.openai.core.Timeout;
import com.openai.core.http.HttpResponse;
import com.openai.errors.PermissionDeniedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileListPage;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.checkpoints.permissions.PermissionRetrieveParams;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.JobListEventsParams;
import com.openai.models.finetuning.jobs.JobListParams;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListPage;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListParams;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.job.ModelIds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link FineTuningGateway} over openai-java.
 *
 * <p><b>Retries.</b> This class relies on the SDK's own retry loop rather than wrapping one around
 * it: the SDK already retries 408/409/429/5xx answers and connection errors up to {@link
 * Connection#maxRetries()} times, waits what {@code retry-after-ms} or {@code Retry-After} (seconds
 * or an HTTP date, when at most a minute) says, else backs off exponentially (0.5 s doubling up to
 * 8 s, with jitter), and sends an idempotency key and {@code X-Stainless-Retry-Count}. Wrapping our
 * own loop around it would multiply the attempts. Our {@link Sleeper} and {@link Clock} are handed
 * to the SDK, so tests observe every wait without sleeping. An answer whose body breaks off mid-way
 * is not retried by the SDK (the body is read after its loop); it surfaces as {@link
 * ApiException.Kind#NETWORK}, which the follow loop retries.
 *
 * <p>Objects are mapped from the SDK's own JSON view of them ({@link ObjectMappers#jsonMapper()}),
 * not from its typed getters, which throw when a field the schema calls required is missing: real
 * answers omit fields and add unknown ones, and neither may fail here.
 */
public final class OpenAiGateway implements LifecycleGateway, ChatGateway {
  private static final JsonMapper JSON = ObjectMappers.jsonMapper();
  private static final int PAGE_LIMIT = 100;

  private final OpenAIClient client;
  private final Connection connection;

  /** The admin key some endpoints (checkpoint permissions) take instead of the API key, or null. */
  private final String adminKey;

  /** Turns the SDK's failures into one clear line each. */
  private final ApiErrors errors;

  /** A gateway that really sleeps between retries. */
  public OpenAiGateway(Connection connection) {
    this(connection, Sleeper.system(), Clock.systemUTC());
  }

  /**
   * @param sleeper waits between the SDK's retries
   * @param clock used to read a {@code Retry-After} HTTP date
   */
  public OpenAiGateway(Connection connection, Sleeper sleeper, Clock clock) {
    this(connection, sleeper, clock, null);
  }

  /**
   * @param adminKey the organisation's admin key ({@code OPENAI_ADMIN_KEY}) for the endpoints that
   *     take one (checkpoint permissions), or null; never printed
   */
  public OpenAiGateway(Connection connection, Sleeper sleeper, Clock clock, String adminKey) {
    this.connection = connection;
    this.adminKey = adminKey == null || adminKey.isBlank() ? null : adminKey.strip();
    this.errors = new ApiErrors(connection, this.adminKey, clock);
    OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder();
    if (connection.isAzure()) {
      AzureSupport.configure(builder, connection);
    } else {
      builder.apiKey(connection.apiKey());
    }
    this.client =
        builder
            .baseUrl(connection.baseUrl())
            .organization(Optional.ofNullable(connection.organization()))
            .project(Optional.ofNullable(connection.project()))
            .maxRetries(connection.maxRetries())
            .timeout(
                Timeout.builder()
                    .connect(min(connection.timeout(), Duration.ofSeconds(10)))
                    .read(connection.timeout())
                    .write(connection.timeout())
                    .request(connection.timeout())
                    .build())
            .sleeper(new SdkSleeper(sleeper))
            .clock(clock)
            .build();
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public Endpoint endpoint() {
    return connection.endpoint();
  }

  @Override
  public Job getJob(String jobId) {
    return errors.call(
        jobSubject(jobId), () -> ApiMapping.job(tree(client.fineTuning().jobs().retrieve(jobId))));
  }

  @Override
  public Page<JobEvent> listEvents(String jobId, String after, int limit) {
    return errors.call(
        jobSubject(jobId),
        () -> {
          JobListEventsParams.Builder params =
              JobListEventsParams.builder().fineTuningJobId(jobId).limit(limit);
          if (after != null) {
            params.after(after);
          }
          var page = client.fineTuning().jobs().listEvents(params.build());
          List<JobEvent> events = new ArrayList<>();
          for (var e : page.data()) {
            events.add(ApiMapping.event(tree(e)));
          }
          return new Page<>(events, page.hasMore().orElse(false));
        });
  }

  @Override
  public List<Checkpoint> listCheckpoints(String jobId) {
    return errors.call(
        jobSubject(jobId),
        () ->
            Pages.all(
                after -> {
                  CheckpointListParams.Builder params =
                      CheckpointListParams.builder().fineTuningJobId(jobId).limit(PAGE_LIMIT);
                  if (after != null) {
                    params.after(after);
                  }
                  CheckpointListPage page =
                      client.fineTuning().jobs().checkpoints().list(params.build());
                  List<Checkpoint> checkpoints = new ArrayList<>();
                  for (var c : page.data()) {
                    checkpoints.add(ApiMapping.checkpoint(tree(c)));
                  }
                  return new Page<>(checkpoints, page.hasMore().orElse(false));
                },
                Checkpoint::id));
  }

  @Override
  public Page<Job> listJobs(String after, int limit) {
    return errors.call(
        "the fine-tuning job list",
        () -> {
          JobListParams.Builder params = JobListParams.builder().limit(limit);
          if (after != null) {
            params.after(after);
          }
          var page = client.fineTuning().jobs().list(params.build());
          List<Job> jobs = new ArrayList<>();
          for (var j : page.data()) {
            jobs.add(ApiMapping.job(tree(j)));
          }
          return new Page<>(jobs, page.hasMore().orElse(false));
        });
  }

  @Override
  public FileInfo getFile(String fileId) {
    return errors.call(
        "file " + fileId, () -> ApiMapping.file(tree(client.files().retrieve(fileId))));
  }

  @Override
  public byte[] fileContent(String fileId) {
    return errors.call(
        "file " + fileId,
        () -> {
          try (HttpResponse response = client.files().content(fileId);
              InputStream body = response.body()) {
            return body.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Override
  public FileInfo uploadFile(String filename, byte[] content) {
    return uploadFile(filename, content, "fine-tune");
  }

  @Override
  public FileInfo uploadFile(String filename, byte[] content, String purpose) {
    return errors.call(
        "file upload " + filename,
        () -> {
          FileCreateParams params =
              FileCreateParams.builder()
                  .file(
                      MultipartField.<InputStream>builder()
                          .value(new ByteArrayInputStream(content))
                          .filename(filename)
                          .contentType("application/octet-stream")
                          .build())
                  .purpose(FilePurpose.of(purpose))
                  .build();
          return ApiMapping.file(tree(client.files().create(params)));
        });
  }

  @Override
  public Job createJob(JobRequest request) {
    // without the SDK's retries: a retry after an answer lost on the way back creates a second job
    OpenAIClient once = plainPaths().withOptions(o -> o.maxRetries(0));
    return errors.call(
        "new fine-tuning job on " + request.model(),
        () -> {
          JobCreateParams.Builder params =
              JobCreateParams.builder().model(request.model()).trainingFile(request.trainingFile());
          if (request.validationFile() != null) {
            params.validationFile(request.validationFile());
          }
          if (request.suffix() != null) {
            params.suffix(request.suffix());
          }
          if (request.seed() != null) {
            params.seed(request.seed());
          }
          Map<String, Object> method = request.methodBody();
          if (method != null) {
            params.putAdditionalBodyProperty("method", JsonValue.from(method));
          }
          if (!request.metadata().isEmpty()) {
            params.putAdditionalBodyProperty("metadata", JsonValue.from(request.metadata()));
          }
          if (request.trainingType() != null) {
            params.putAdditionalBodyProperty(
                "trainingType", JsonValue.from(request.trainingType()));
          }
          return ApiMapping.job(tree(once.fineTuning().jobs().create(params.build())));
        });
  }

  @Override
  public Job cancel(String jobId) {
    return errors.call(
        jobSubject(jobId), () -> ApiMapping.job(tree(client.fineTuning().jobs().cancel(jobId))));
  }

  @Override
  public Job pause(String jobId) {
    return errors.call(
        jobSubject(jobId), () -> ApiMapping.job(tree(client.fineTuning().jobs().pause(jobId))));
  }

  @Override
  public Job resume(String jobId) {
    return errors.call(
        jobSubject(jobId), () -> ApiMapping.job(tree(client.fineTuning().jobs().resume(jobId))));
  }

  @Override
  public List<FileInfo> listFiles() {
    return errors.call(
        "the file list",
        () ->
            Pages.all(
                after -> {
                  FileListParams.Builder params = FileListParams.builder().limit(PAGE_LIMIT);
                  if (after != null) {
                    params.after(after);
                  }
                  FileListPage page = client.files().list(params.build());
                  List<FileInfo> files = new ArrayList<>();
                  for (var f : page.data()) {
                    files.add(ApiMapping.file(tree(f)));
                  }
                  return new Page<>(files, page.hasMore().orElse(false));
                },
                FileInfo::id));
  }

  @Override
  public boolean deleteFile(String fileId) {
    return errors.call("file " + fileId, () -> deleted(tree(client.files().delete(fileId))));
  }

  @Override
  public List<ModelEntry> listModels() {
    return errors.call(
        "the model list",
        () -> {
          List<ModelEntry> models = new ArrayList<>();
          for (var m : client.models().list().autoPager()) {
            models.add(ApiMapping.model(tree(m)));
          }
          return models;
        });
  }

  @Override
  public List<Map<String, Object>> checkpointPermissions(String checkpointModel) {
    if (adminKey == null) {
      throw new ApiException(
          ApiException.Kind.UNAUTHORIZED,
          "checkpoint permissions are served to an admin key only (set OPENAI_ADMIN_KEY to back"
              + " them up)");
    }
    OpenAIClient admin = client.withOptions(b -> b.adminApiKey(adminKey));
    return errors.call(
        "checkpoint " + checkpointModel,
        () ->
            Pages.all(
                after -> {
                  PermissionRetrieveParams.Builder params =
                      PermissionRetrieveParams.builder()
                          .fineTunedModelCheckpoint(checkpointModel)
                          .limit(PAGE_LIMIT);
                  if (after != null) {
                    params.after(after);
                  }
                  JsonNode page =
                      tree(admin.fineTuning().checkpoints().permissions().retrieve(params.build()));
                  List<Map<String, Object>> permissions = new ArrayList<>();
                  for (JsonNode p : page.path("data")) {
                    permissions.add(
                        JSON.convertValue(p, new TypeReference<Map<String, Object>>() {}));
                  }
                  return new Page<>(permissions, page.path("has_more").asBoolean(false));
                },
                p -> p.get("id") instanceof String id ? id : null));
  }

  @Override
  public boolean deleteModel(String model) {
    return errors.call(
        "model " + model,
        () -> {
          try {
            return deleted(tree(plainPaths().models().delete(model)));
          } catch (PermissionDeniedException e) {
            // "the key may not access" would mislead: the usual cause is a base model, which nobody
            // may delete
            throw errors.fail(
                ApiException.Kind.UNAUTHORIZED,
                e.statusCode(),
                "the API refused to delete model "
                    + model
                    + " (403 Forbidden)"
                    + ApiErrors.colon(ApiErrors.apiMessage(e)),
                null);
          }
        });
  }

  /**
   * On Azure OpenAI a model answers only through a deployment, named where a model is meant (the
   * SDK puts it in the path). A model id with a colon ({@code ft:...}) cannot be a deployment name,
   * so it is refused before anything is sent, with what to do instead. Azure's own fine-tune names
   * ({@code BASE.ft-HEX}) can be, so they are sent; a 404 then says what to do ({@link #complete}).
   * Commands that talk to a model ({@code chat}, {@code record}, {@code eval}) get this by calling
   * the gateway.
   */
  public void requireDeploymentName(String model) {
    if (connection.isAzure() && model != null && model.indexOf(':') >= 0) {
      throw new ApiException(ApiException.Kind.INVALID_CONFIG, deploymentHint(model));
    }
  }

  /** What to tell a user whose Azure model {@code model} is not deployed (or named by its id). */
  public static String deploymentHint(String model) {
    return "Azure OpenAI answers only through a deployment: deploy "
        + model
        + " "
        + howToDeploy(model)
        + " (no ':') where the model is asked for";
  }

  /**
   * {@code (Azure AI Foundry, or az ... --model-name MODEL ...) and pass the deployment's name}.
   */
  private static String howToDeploy(String model) {
    return "(Azure AI Foundry, or az cognitiveservices account deployment create --model-name "
        + model
        + " ...) and pass the deployment's name";
  }

  /**
   * The client, or on Azure one that never puts a request's model into the path (see {@link
   * AzureSupport}).
   */
  private OpenAIClient plainPaths() {
    return connection.isAzure() ? AzureSupport.withoutDeploymentPath(client, connection) : client;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Roles map to the SDK's message types; a message's {@code name} is sent when present. The
   * latency is measured around the SDK call that succeeded; with {@link Connection#maxRetries()}
   * above 0 it also includes the SDK's own retries (give {@code record} a connection without
   * retries so that it measures one attempt and does its own waiting). A {@link
   * ChatRequest#forcedTool()} is sent as the only {@code tools} entry with a {@code tool_choice}
   * naming it; the calls come back in {@link ChatCompletion#toolCalls()}, and the whole answer in
   * {@link ChatCompletion#raw()}.
   */
  @Override
  public ChatCompletion complete(ChatRequest request) {
    requireDeploymentName(request.model());
    try {
      return send(request);
    } catch (ApiException e) {
      if (e.kind() == ApiException.Kind.NOT_FOUND
          && connection.isAzure()
          && ModelIds.isAzureFineTune(request.model())) {
        // a fine-tune's own name, not deployed under it (Azure's portal offers it as the name)
        throw new ApiException(
            e.kind(),
            e.statusCode(),
            e.getMessage()
                + "; "
                + request.model()
                + " is the fine-tune's own name: deploy it "
                + howToDeploy(request.model()),
            e,
            e.retryAfter().orElse(null));
      }
      throw e;
    }
  }

  private ChatCompletion send(ChatRequest request) {
    return errors.call(
        (connection.isAzure() ? "deployment " : "model ") + request.model(),
        () -> {
          ChatCompletionCreateParams.Builder params =
              ChatCompletionCreateParams.builder().model(request.model());
          for (ChatMessage m : request.messages()) {
            switch (m.role()) {
              case "system" -> {
                var b =
                    com.openai.models.chat.completions.ChatCompletionSystemMessageParam.builder()
                        .content(m.content());
                if (m.name() != null) {
                  b.name(m.name());
                }
                params.addMessage(b.build());
              }
              case "developer" -> {
                var b =
                    com.openai.models.chat.completions.ChatCompletionDeveloperMessageParam.builder()
                        .content(m.content());
                if (m.name() != null) {
                  b.name(m.name());
                }
                params.addMessage(b.build());
              }
              case "user" -> {
                var b =
                    com.openai.models.chat.completions.ChatCompletionUserMessageParam.builder()
                        .content(m.content());
                if (m.name() != null) {
                  b.name(m.name());
                }
                params.addMessage(b.build());
              }
              default -> {
                var b =
                    com.openai.models.chat.completions.ChatCompletionAssistantMessageParam.builder()
                        .content(m.content());
                if (m.name() != null) {
                  b.name(m.name());
                }
                params.addMessage(b.build());
              }
            }
          }
          if (request.temperature() != null) {
            params.temperature(request.temperature());
          }
          if (request.seed() != null) {
            params.seed(request.seed());
          }
          if (request.maxTokens() != null) {
            params.maxCompletionTokens(request.maxTokens().longValue());
          }
          FunctionTool tool = request.forcedTool();
          if (tool != null) {
            // sent as plain JSON: the schema is the caller's, and the SDK's typed tool classes only
            // wrap it
            Map<String, Object> function = new java.util.LinkedHashMap<>();
            function.put("name", tool.name());
            if (tool.description() != null) {
              function.put("description", tool.description());
            }
            function.put("parameters", JSON.convertValue(tool.parameters(), Object.class));
            function.put("strict", tool.strict());
            params.putAdditionalBodyProperty(
                "tools", JsonValue.from(List.of(Map.of("type", "function", "function", function))));
            params.putAdditionalBodyProperty(
                "tool_choice",
                JsonValue.from(
                    Map.of("type", "function", "function", Map.of("name", tool.name()))));
          }
          long start = System.nanoTime();
          JsonNode answer = tree(client.chat().completions().create(params.build()));
          long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          return ApiMapping.chatCompletion(answer, latencyMs);
        });
  }

  private static boolean deleted(JsonNode answer) {
    return answer.path("deleted").asBoolean(false);
  }

  @Override
  public void close() {
    client.close();
  }

  private static String jobSubject(String jobId) {
    return "fine-tuning job " + jobId;
  }

  private static JsonNode tree(Object sdkModel) {
    return JSON.valueToTree(sdkModel);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Hands our sleeper to the SDK; an interrupt becomes {@link ApiException.Kind#INTERRUPTED}. */
  private static final class SdkSleeper implements com.openai.core.Sleeper {
    private final Sleeper sleeper;

    SdkSleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
    }

    @Override
    public void sleep(Duration duration) {
      if (Thread.currentThread().isInterrupted()) {
        throw new ApiException(ApiException.Kind.INTERRUPTED, "interrupted; not retrying");
      }
      sleeper.sleepOrStop(duration, "to retry");
    }

    @Override
    public CompletableFuture<Void> sleepAsync(Duration duration) {
      return CompletableFuture.runAsync(
          () -> {},
          CompletableFuture.delayedExecutor(
              Math.max(0, duration.toMillis()), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {}
  }
}
