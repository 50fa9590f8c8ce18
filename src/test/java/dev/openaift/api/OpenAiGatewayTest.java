package dev.openaift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiGatewayTest {
  private static final String KEY = "sk-test-s3cr3t-K3Y";
  private static final Instant NOW = Instant.parse("2024-07-23T20:00:00Z");

  private final StubApi api = new StubApi();
  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private OpenAiGateway gateway;

  private OpenAiGateway gateway(int maxRetries) {
    Connection c =
        new Connection(KEY, api.baseUrl(), "org-acme", "proj-1", maxRetries, Duration.ofSeconds(5));
    gateway = new OpenAiGateway(c, sleeps::add, Clock.fixed(NOW, ZoneOffset.UTC));
    return gateway;
  }

  @AfterEach
  void close() {
    if (gateway != null) {
      gateway.close();
    }
    api.close();
  }

  @Test
  void mapsSucceededJobAndSendsCredentials() {
    api.reply(200, "job_succeeded.json");
    Job job = gateway(0).getJob("ftjob-abc123");

    assertEquals("ftjob-abc123", job.id());
    assertEquals("succeeded", job.status());
    assertEquals("gpt-4o-mini-2024-07-18", job.model());
    assertEquals("ft:gpt-4o-mini-2024-07-18:acme:support-bot:9xYzAbC", job.fineTunedModel());
    assertEquals("org-acme", job.organizationId());
    assertEquals(1721764800L, job.createdAt());
    assertEquals(1721766600L, job.finishedAt());
    assertNull(job.estimatedFinish());
    assertEquals(123456L, job.trainedTokens());
    assertEquals("file-train1", job.trainingFile());
    assertEquals("file-valid1", job.validationFile());
    assertEquals(List.of("file-result1"), job.resultFiles());
    assertEquals("supervised", job.methodType());
    // method.supervised.hyperparameters wins over the top-level "auto" values
    assertEquals(
        Map.of("batch_size", "4", "learning_rate_multiplier", "1.8", "n_epochs", "3"),
        job.hyperparameters());
    assertEquals(
        List.of("batch_size", "learning_rate_multiplier", "n_epochs"),
        List.copyOf(job.hyperparameters().keySet()));
    assertEquals("support-bot", job.suffix());
    assertEquals(42L, job.seed());
    assertNull(job.errorMessage());
    assertEquals(Map.of("team", "support"), job.metadata());
    assertTrue(job.isTerminal());

    StubApi.Request r = api.requests().get(0);
    assertEquals("GET", r.method());
    assertEquals("/v1/fine_tuning/jobs/ftjob-abc123", r.path());
    assertEquals("Bearer " + KEY, r.header("Authorization"));
    assertEquals("org-acme", r.header("OpenAI-Organization"));
    assertEquals("proj-1", r.header("OpenAI-Project"));
  }

  @Test
  void mapsFailedJobWithTopLevelHyperparameters() {
    api.reply(200, "job_failed.json");
    Job job = gateway(0).getJob("ftjob-failed1");
    assertEquals("failed", job.status());
    assertNull(job.methodType());
    assertEquals(
        Map.of("batch_size", "8", "learning_rate_multiplier", "0.1", "n_epochs", "auto"),
        job.hyperparameters());
    assertEquals("invalid_training_file", job.errorCode());
    assertEquals("The job failed due to an invalid training file.", job.errorMessage());
    assertNull(job.fineTunedModel());
    assertNull(job.suffix());
    assertNull(job.validationFile());
    assertNull(job.trainedTokens());
  }

  @Test
  void unknownStatusAndFieldsAndMissingSeedDoNotFail() {
    api.reply(200, "job_paused.json");
    Job job = gateway(0).getJob("ftjob-paused1");
    assertEquals("paused", job.status());
    assertFalse(job.isTerminal());
    assertNull(job.seed());
    assertEquals(1721770000L, job.estimatedFinish());
    assertEquals(Map.of("n_epochs", "2"), job.hyperparameters());
  }

  @Test
  void listsJobsWithPaginationAndSuffixFromModelName() {
    api.reply(200, "jobs_page.json");
    Page<Job> page = gateway(0).listJobs("ftjob-prev", 2);
    assertTrue(page.hasMore());
    assertEquals(List.of("ftjob-new", "ftjob-old"), page.data().stream().map(Job::id).toList());
    assertNull(page.data().get(0).suffix());
    assertEquals("legal-v2", page.data().get(1).suffix());
    assertEquals("/v1/fine_tuning/jobs", api.requests().get(0).path());
    assertQuery(api.requests().get(0), "after=ftjob-prev", "limit=2");
  }

  @Test
  void listsEventsWithTypeDataAndPaginationParameters() {
    api.reply(200, "events_page_1.json").reply(200, "events_page_2.json");
    OpenAiGateway g = gateway(0);
    Page<JobEvent> first = g.listEvents("ftjob-abc123", null, 3);
    assertTrue(first.hasMore());
    assertEquals(
        List.of("ftevent-5", "ftevent-4", "ftevent-3"),
        first.data().stream().map(JobEvent::id).toList());
    Page<JobEvent> second = g.listEvents("ftjob-abc123", first.last().id(), 3);
    assertFalse(second.hasMore());
    assertEquals(
        List.of("ftevent-2", "ftevent-1"), second.data().stream().map(JobEvent::id).toList());

    JobEvent metrics = first.data().get(1);
    assertEquals("metrics", metrics.type());
    assertEquals(1721766500L, metrics.createdAt());
    assertEquals("Step 303/303: training loss=0.12, full validation loss=0.31", metrics.message());
    assertEquals(303L, metrics.data().get("step"));
    assertEquals(0.1234567890123, metrics.data().get("train_loss"));
    assertEquals(0.3141592653589793, metrics.data().get("full_valid_loss"));
    assertEquals(Map.of("exact", 0.5, "graders", Map.of("a", 1L)), metrics.data().get("scores"));
    assertEquals(
        List.of(
            "full_valid_loss",
            "scores",
            "step",
            "total_steps",
            "train_loss",
            "train_mean_token_accuracy"),
        List.copyOf(metrics.data().keySet()));
    JobEvent warn = first.data().get(2);
    assertEquals("warn", warn.level());
    assertNull(warn.type());
    assertEquals(Map.of(), warn.data());
    assertEquals(Map.of(), second.data().get(1).data());

    List<StubApi.Request> rs = api.requests();
    assertEquals("/v1/fine_tuning/jobs/ftjob-abc123/events", rs.get(0).path());
    assertEquals("limit=3", rs.get(0).query());
    assertQuery(rs.get(1), "after=ftevent-3", "limit=3");
  }

  @Test
  void listsAllCheckpointPages() {
    api.reply(200, "checkpoints_page_1.json").reply(200, "checkpoints_page_2.json");
    List<Checkpoint> checkpoints = gateway(0).listCheckpoints("ftjob-abc123");
    assertEquals(
        List.of("ftckpt_3", "ftckpt_2", "ftckpt_1"),
        checkpoints.stream().map(Checkpoint::id).toList());
    Checkpoint last = checkpoints.get(0);
    assertEquals(303L, last.stepNumber());
    assertEquals("ftjob-abc123", last.fineTuningJobId());
    assertEquals(
        "ft:gpt-4o-mini-2024-07-18:acme:support-bot:9xYzAbC:ckpt-step-303",
        last.fineTunedModelCheckpoint());
    assertEquals(
        List.of("full_valid_loss", "full_valid_mean_token_accuracy", "step", "train_loss"),
        List.copyOf(last.metrics().keySet()));
    assertEquals(0.31, last.metrics().get("full_valid_loss"));
    assertEquals(303.0, last.metrics().get("step"));

    List<StubApi.Request> rs = api.requests();
    assertEquals(2, rs.size());
    assertEquals("/v1/fine_tuning/jobs/ftjob-abc123/checkpoints", rs.get(0).path());
    assertEquals("limit=100", rs.get(0).query());
    assertQuery(rs.get(1), "after=ftckpt_2", "limit=100");
  }

  @Test
  void readsFileInfoAndRawContent() {
    byte[] csv = "step,train_loss\n1,1.5\n".getBytes(StandardCharsets.UTF_8);
    api.reply(200, "file_result.json")
        .replyBytes(200, csv, "Content-Type", "application/octet-stream");
    OpenAiGateway g = gateway(0);
    FileInfo info = g.getFile("file-result1");
    assertEquals(
        new FileInfo("file-result1", 2048, 1721766600L, "step_metrics.csv", "fine-tune-results"),
        info);
    assertEquals(
        new String(csv, StandardCharsets.UTF_8),
        new String(g.fileContent("file-result1"), StandardCharsets.UTF_8));
    assertEquals("/v1/files/file-result1/content", api.requests().get(1).path());
  }

  @Test
  void cancelPauseResumePostToTheirEndpoints() {
    api.reply(200, "job_failed.json").reply(200, "job_paused.json").reply(200, "job_failed.json");
    OpenAiGateway g = gateway(0);
    assertEquals("failed", g.cancel("ftjob-x").status());
    assertEquals("paused", g.pause("ftjob-x").status());
    g.resume("ftjob-x");
    List<StubApi.Request> rs = api.requests();
    assertEquals(
        List.of("POST", "POST", "POST"), rs.stream().map(StubApi.Request::method).toList());
    assertEquals(
        List.of(
            "/v1/fine_tuning/jobs/ftjob-x/cancel",
            "/v1/fine_tuning/jobs/ftjob-x/pause",
            "/v1/fine_tuning/jobs/ftjob-x/resume"),
        rs.stream().map(StubApi.Request::path).toList());
  }

  @Test
  void uploadsATrainingFileAsMultipart() {
    api.replyBytes(
        200,
        ("{\"id\": \"file-up1\", \"object\": \"file\", \"bytes\": 11, \"created_at\": 1721764000,"
                + " \"filename\": \"train.jsonl\", \"purpose\": \"fine-tune\", \"status\":"
                + " \"uploaded\"}")
            .getBytes(StandardCharsets.UTF_8));
    FileInfo info =
        gateway(0).uploadFile("train.jsonl", "{\"a\": 1}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(new FileInfo("file-up1", 11, 1721764000L, "train.jsonl", "fine-tune"), info);
    StubApi.Request r = api.requests().get(0);
    assertEquals("POST", r.method());
    assertEquals("/v1/files", r.path());
    assertTrue(
        r.header("Content-Type").startsWith("multipart/form-data"), r.header("Content-Type"));
    assertTrue(r.body().contains("filename=\"train.jsonl\""), r.body());
    assertTrue(r.body().contains("{\"a\": 1}"), r.body());
    assertTrue(r.body().contains("name=\"purpose\""), r.body());
    assertTrue(r.body().contains("fine-tune"), r.body());
  }

  @Test
  void createsASupervisedJob() throws Exception {
    api.reply(200, "job_paused.json");
    JobRequest request =
        new JobRequest(
            "gpt-4o-mini-2024-07-18",
            "file-train1",
            "file-valid1",
            "demo",
            3L,
            Map.of("n_epochs", 2, "batch_size", "auto"));
    Job job = gateway(0).createJob(request);
    assertEquals("ftjob-paused1", job.id());
    StubApi.Request r = api.requests().get(0);
    assertEquals("/v1/fine_tuning/jobs", r.path());
    var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    assertEquals("gpt-4o-mini-2024-07-18", body.path("model").asText());
    assertEquals("file-train1", body.path("training_file").asText());
    assertEquals("file-valid1", body.path("validation_file").asText());
    assertEquals("demo", body.path("suffix").asText());
    assertEquals(3, body.path("seed").asInt());
    assertEquals("supervised", body.path("method").path("type").asText());
    assertEquals(
        2, body.path("method").path("supervised").path("hyperparameters").path("n_epochs").asInt());
    assertEquals(
        "auto",
        body.path("method").path("supervised").path("hyperparameters").path("batch_size").asText());
  }

  @Test
  void unauthorizedIsOneLineWithoutTheKey() {
    api.reply(401, "error_401.json");
    ApiException e = assertThrows(ApiException.class, () -> gateway(3).getJob("ftjob-abc123"));
    assertEquals(ApiException.Kind.UNAUTHORIZED, e.kind());
    assertEquals(401, e.statusCode());
    assertEquals(
        "the API rejected the key (401 Unauthorized): check OPENAI_API_KEY or --api-key",
        e.getMessage());
    assertEquals(1, api.requests().size(), "401 is not retried");
    assertKeyAbsent(e);
  }

  @Test
  void forbiddenIsUnauthorizedWithTheApiMessage() {
    api.reply(403, "error_403.json");
    ApiException e = assertThrows(ApiException.class, () -> gateway(0).getJob("ftjob-abc123"));
    assertEquals(ApiException.Kind.UNAUTHORIZED, e.kind());
    assertEquals(
        "the key may not access fine-tuning job ftjob-abc123 (403 Forbidden): "
            + "You are not allowed to access this project.",
        e.getMessage());
  }

  @Test
  void notFoundNamesTheId() {
    api.reply(404, "error_404.json").reply(404, "error_404.json").reply(404, "error_404.json");
    OpenAiGateway g = gateway(2);
    ApiException e = assertThrows(ApiException.class, () -> g.getJob("ftjob-nope"));
    assertEquals(ApiException.Kind.NOT_FOUND, e.kind());
    assertEquals(
        "no fine-tuning job ftjob-nope (404 from the API): Could not find fine tune: ftjob-nope",
        e.getMessage());
    ApiException events =
        assertThrows(ApiException.class, () -> g.listEvents("ftjob-nope", null, 10));
    assertEquals(
        "no fine-tuning job ftjob-nope (404 from the API): Could not find fine tune: ftjob-nope",
        events.getMessage());
    ApiException file = assertThrows(ApiException.class, () -> g.fileContent("file-gone"));
    assertEquals(
        "no file file-gone (404 from the API): Could not find fine tune: ftjob-nope",
        file.getMessage());
    assertEquals(3, api.requests().size(), "404 is not retried");
  }

  @Test
  void badRequestCarriesTheApiMessage() {
    api.reply(400, "error_400.json");
    ApiException e = assertThrows(ApiException.class, () -> gateway(2).cancel("ftjob-abc123"));
    assertEquals(ApiException.Kind.BAD_REQUEST, e.kind());
    assertEquals(
        "the API refused the request on fine-tuning job ftjob-abc123 (HTTP 400): "
            + "Job ftjob-abc123 has already completed and cannot be cancelled.",
        e.getMessage());
  }

  @Test
  void rateLimitHonoursRetryAfterSecondsThenSucceeds() {
    api.reply(429, "error_429.json", "Retry-After", "3").reply(200, "job_succeeded.json");
    Job job = gateway(2).getJob("ftjob-abc123");
    assertEquals("succeeded", job.status());
    assertEquals(List.of(Duration.ofSeconds(3)), sleeps);
    assertEquals(2, api.requests().size());
    assertEquals("1", api.requests().get(1).header("X-Stainless-Retry-Count"));
  }

  @Test
  void rateLimitHonoursRetryAfterMilliseconds() {
    api.reply(429, "error_429.json", "retry-after-ms", "1500").reply(200, "job_succeeded.json");
    gateway(2).getJob("ftjob-abc123");
    assertEquals(List.of(Duration.ofMillis(1500)), sleeps);
  }

  @Test
  void rateLimitHonoursRetryAfterHttpDate() {
    String in20s =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(NOW.plusSeconds(20), ZoneOffset.UTC));
    api.reply(429, "error_429.json", "Retry-After", in20s).reply(200, "job_succeeded.json");
    gateway(2).getJob("ftjob-abc123");
    assertEquals(1, sleeps.size());
    Duration waited = sleeps.get(0);
    assertTrue(
        !waited.isNegative() && waited.compareTo(Duration.ofSeconds(20)) <= 0,
        "waited " + waited + " for a Retry-After 20 s ahead");
  }

  @Test
  void rateLimitStillFailingAfterRetriesIsRateLimited() {
    for (int i = 0; i < 3; i++) {
      api.reply(429, "error_429.json", "Retry-After", "1");
    }
    ApiException e = assertThrows(ApiException.class, () -> gateway(2).getJob("ftjob-abc123"));
    assertEquals(ApiException.Kind.RATE_LIMITED, e.kind());
    assertEquals(
        "rate limited by the API (429) after 2 retries: Rate limit reached for requests",
        e.getMessage());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), sleeps);
  }

  @Test
  void serverErrorsAreRetriedWithBackoffThenReported() {
    for (int i = 0; i < 4; i++) {
      api.reply(500, "error_500.json");
    }
    ApiException e = assertThrows(ApiException.class, () -> gateway(3).getJob("ftjob-abc123"));
    assertEquals(ApiException.Kind.SERVER, e.kind());
    assertEquals(500, e.statusCode());
    assertEquals(
        "the API failed (HTTP 500) after 3 retries: "
            + "The server had an error while processing your request. Sorry about that!",
        e.getMessage());
    assertEquals(4, api.requests().size());
    assertEquals(3, sleeps.size());
    // exponential backoff: 0.5 s, 1 s, 2 s, each less up to 25 % jitter
    double[] nominal = {0.5, 1.0, 2.0};
    for (int i = 0; i < 3; i++) {
      double s = sleeps.get(i).toNanos() / 1e9;
      assertTrue(s <= nominal[i] && s >= nominal[i] * 0.75, "wait " + i + " was " + s + " s");
    }
  }

  @Test
  void serverErrorThenSuccessRecovers() {
    api.reply(503, "error_500.json").reply(200, "events_page_2.json");
    Page<JobEvent> page = gateway(2).listEvents("ftjob-abc123", null, 20);
    assertEquals(2, page.data().size());
    assertEquals(2, api.requests().size());
  }

  @Test
  void droppedConnectionIsRetried() {
    api.drop().reply(200, "job_succeeded.json");
    Job job = gateway(2).getJob("ftjob-abc123");
    assertEquals("ftjob-abc123", job.id());
    assertEquals(2, api.requests().size());
    assertEquals(1, sleeps.size());
  }

  @Test
  void droppedConnectionsAfterRetriesAreNetworkErrors() {
    api.drop().drop();
    ApiException e = assertThrows(ApiException.class, () -> gateway(1).getJob("ftjob-abc123"));
    assertEquals(ApiException.Kind.NETWORK, e.kind());
    assertTrue(
        e.getMessage().startsWith("cannot reach " + api.baseUrl() + " after 1 retry"),
        e.getMessage());
    // not the HTTP library's internals ("\\n not found: limit=0 content=...")
    assertEquals(
        "cannot reach "
            + api.baseUrl()
            + " after 1 retry: the server closed the connection without an answer",
        e.getMessage());
    assertKeyAbsent(e);
  }

  @Test
  void refusedConnectionIsNetworkError() {
    Connection c =
        new Connection(KEY, "http://127.0.0.1:1/v1", null, null, 1, Duration.ofSeconds(2));
    gateway = new OpenAiGateway(c, sleeps::add, Clock.systemUTC());
    ApiException e = assertThrows(ApiException.class, () -> gateway.getJob("ftjob-abc123"));
    assertEquals(ApiException.Kind.NETWORK, e.kind());
    assertEquals(1, sleeps.size());
    assertKeyAbsent(e);
  }

  @Test
  void interruptedSleepBecomesInterrupted() {
    api.reply(500, "error_500.json").reply(200, "job_succeeded.json");
    Connection c = new Connection(KEY, api.baseUrl(), null, null, 2, Duration.ofSeconds(5));
    gateway =
        new OpenAiGateway(
            c,
            d -> {
              throw new InterruptedException();
            },
            Clock.systemUTC());
    try {
      ApiException e = assertThrows(ApiException.class, () -> gateway.getJob("ftjob-abc123"));
      assertEquals(ApiException.Kind.INTERRUPTED, e.kind());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void interruptDuringARequestBecomesInterrupted() {
    api.reply(200, "job_succeeded.json");
    OpenAiGateway g = gateway(2);
    Thread.currentThread().interrupt();
    try {
      ApiException e = assertThrows(ApiException.class, () -> g.getJob("ftjob-abc123"));
      assertEquals(ApiException.Kind.INTERRUPTED, e.kind());
      assertEquals(List.of(), sleeps, "an interrupted call is not retried");
    } finally {
      Thread.interrupted();
    }
  }

  private static void assertQuery(StubApi.Request r, String... parts) {
    List<String> actual = r.query() == null ? List.of() : List.of(r.query().split("&"));
    assertEquals(
        List.of(parts).stream().sorted().toList(), actual.stream().sorted().toList(), r.path());
  }

  private static void assertKeyAbsent(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertFalse(String.valueOf(e.getMessage()).contains(KEY), e.getMessage());
    assertFalse(e.toString().contains(KEY), e.toString());
    assertFalse(trace.toString().contains(KEY), "stack trace carries the key");
  }
}
