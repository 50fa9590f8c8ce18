package dev.openaift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.azure.AzureUrlPathMode;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import dev.openaift.Await;
import dev.openaift.TestClocks;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.sandbox.Sandbox;
import dev.openaift.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway (openai-java's Azure support underneath) against the Azure flavour of the sandbox:
 * the whole lifecycle, deployments, and the three ways a connection goes wrong (key, api-version
 * missing, api-version unknown).
 */
class AzureGatewayTest {
  private static final String KEY = "azure-key-0123456789abcdef";
  private static final String BASE = "gpt-4o-mini-2024-07-18";
  private static Sandbox sandbox;
  private static OpenAiGateway gateway;

  @BeforeAll
  static void start() {
    sandbox =
        // today is pinned: the fine-tune answers only until its base model's shutdown date
        Sandbox.startAzure(
            SandboxConfig.defaults()
                .withApiKey(KEY)
                .withStepDelayMs(5)
                .withSeed(3)
                .withClock(TestClocks.today()));
    gateway = new OpenAiGateway(connection(KEY, null));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    sandbox.close();
  }

  private static Connection connection(String key, String version) {
    return Connection.azure(key, sandbox.baseUrl().toString(), version)
        .withMaxRetries(2)
        .withTimeout(Duration.ofSeconds(20));
  }

  @Test
  void theDefaultApiVersionIsTheSdksLatestStableAndTheDocumentedOne() {
    assertEquals(Connection.DEFAULT_AZURE_API_VERSION_TEXT, Connection.DEFAULT_AZURE_API_VERSION);
    assertEquals("2024-10-21", gateway.connection().apiVersion());
    assertEquals("127.0.0.1", gateway.connection().host());
  }

  @Test
  void wholeLifecycleThroughOpenAiJavasAzureSupport() {
    FileInfo file =
        gateway.uploadFile("train.jsonl", examples(12).getBytes(StandardCharsets.UTF_8));
    assertTrue(file.id().startsWith("file-"));
    assertTrue(gateway.listFiles().stream().anyMatch(f -> f.id().equals(file.id())));
    assertEquals("train.jsonl", gateway.getFile(file.id()).filename());

    Job job =
        gateway.createJob(new JobRequest(BASE, file.id(), null, "az", 5L, Map.of("n_epochs", 2)));
    assertEquals(BASE, job.model());
    assertTrue(gateway.listJobs(null, 20).data().stream().anyMatch(j -> j.id().equals(job.id())));
    Job done = await(job.id(), j -> "succeeded".equals(j.status()));
    assertNotNull(done.fineTunedModel());

    Page<JobEvent> events = gateway.listEvents(job.id(), null, 100);
    assertFalse(events.data().isEmpty());
    List<Checkpoint> checkpoints = gateway.listCheckpoints(job.id());
    assertFalse(checkpoints.isEmpty());
    byte[] results = gateway.fileContent(done.resultFiles().get(0));
    assertTrue(new String(results, StandardCharsets.UTF_8).startsWith("step,"));

    // the fine-tuned model answers only through a deployment: Azure names it BASE.ft-HEX, which
    // could be a deployment's name, so it is sent; not deployed, the 404 says what to do
    assertTrue(
        done.fineTunedModel()
            .matches(
                java.util.regex.Pattern.quote(job.model())
                    + "\\.ft-[0-9a-f]{32}(-"
                    + job.suffix()
                    + ")?"),
        done.fineTunedModel());
    ApiException byId =
        assertThrows(
            ApiException.class,
            () ->
                gateway.complete(ChatRequest.prompt(done.fineTunedModel(), null, "hi", 0.0, null)));
    assertEquals(ApiException.Kind.NOT_FOUND, byId.kind());
    assertTrue(
        byId.getMessage().contains("--model-name " + done.fineTunedModel() + " ..."),
        byId.getMessage());
    assertEquals(
        1, byId.getMessage().split("answers only through", -1).length - 1, byId.getMessage());
    // an OpenAI id (with ':') cannot name a deployment: refused before sending
    ApiException openAiId =
        assertThrows(
            ApiException.class,
            () ->
                gateway.complete(
                    ChatRequest.prompt(
                        "ft:gpt-4o-mini-2024-07-18:org::abc", null, "hi", 0.0, null)));
    assertEquals(ApiException.Kind.INVALID_CONFIG, openAiId.kind());
    ApiException notDeployed =
        assertThrows(
            ApiException.class,
            () -> gateway.complete(ChatRequest.prompt("my-ft", null, "hi", 0.0, null)));
    assertEquals(ApiException.Kind.NOT_FOUND, notDeployed.kind());
    assertTrue(
        notDeployed.getMessage().contains("DeploymentNotFound")
            || notDeployed.getMessage().contains("deployment"),
        notDeployed.getMessage());
    sandbox.deploy("my-ft", done.fineTunedModel());
    ChatCompletion answer =
        gateway.complete(
            ChatRequest.prompt("my-ft", null, "What is the colour of planet number 3?", 0.0, null));
    assertEquals(done.fineTunedModel(), answer.model());
    assertFalse(answer.content().isBlank());
    // a base model is deployed under its own name
    assertEquals(BASE, gateway.complete(ChatRequest.prompt(BASE, null, "hello", null, 5)).model());

    FileInfo other =
        gateway.uploadFile("again.jsonl", examples(10).getBytes(StandardCharsets.UTF_8));
    Job second = gateway.createJob(JobRequest.of(BASE, other.id()));
    assertEquals("cancelled", gateway.cancel(second.id()).status());
    assertTrue(gateway.deleteFile(other.id()));
  }

  @Test
  void aDeploymentNameWithAColonIsRefusedBySandboxAsByAzure() {
    assertThrows(IllegalArgumentException.class, () -> sandbox.deploy("ft:bad", BASE));
    assertThrows(
        IllegalArgumentException.class, () -> sandbox.deploy("fine", "ft:unknown:model:x"));
  }

  @Test
  void aWrongKeyIsA401NamingTheAzureVariableAndNeverTheKey() {
    try (OpenAiGateway wrong = new OpenAiGateway(connection("not-the-key-42", null))) {
      ApiException e = assertThrows(ApiException.class, wrong::listFiles);
      assertEquals(ApiException.Kind.UNAUTHORIZED, e.kind());
      assertEquals(401, e.statusCode());
      assertTrue(e.getMessage().contains("AZURE_OPENAI_API_KEY"), e.getMessage());
      assertFalse(e.getMessage().contains("not-the-key-42"));
    }
  }

  @Test
  void anUnknownApiVersionIsA400FromTheServerSayingWhichAndHowToChangeIt() {
    try (OpenAiGateway old = new OpenAiGateway(connection(KEY, "2019-01-01"))) {
      ApiException e = assertThrows(ApiException.class, () -> old.getJob("ftjob-x"));
      assertEquals(ApiException.Kind.BAD_REQUEST, e.kind());
      assertEquals(400, e.statusCode());
      assertTrue(e.getMessage().contains("API version not supported"), e.getMessage());
      assertTrue(e.getMessage().contains("--api-version"), e.getMessage());
    }
  }

  @Test
  void aMissingApiVersionIsA404ResourceNotFound() {
    // openai-java sends no api-version on the unified path mode when none is set: the legacy
    // /openai paths then 404
    OpenAIClient bare =
        OpenAIOkHttpClient.builder()
            .baseUrl(sandbox.baseUrl() + "/openai")
            .credential(AzureApiKeyCredential.create(KEY))
            .azureUrlPathMode(AzureUrlPathMode.UNIFIED)
            .maxRetries(0)
            .build();
    try {
      NotFoundException e = assertThrows(NotFoundException.class, () -> bare.files().list());
      assertEquals(404, e.statusCode());
      assertTrue(String.valueOf(e.body()).contains("Resource not found"), String.valueOf(e.body()));
    } finally {
      bare.close();
    }
  }

  @Test
  void aMalformedApiVersionIsRefusedBeforeAnyRequest() {
    ApiException e = assertThrows(ApiException.class, () -> connection(KEY, "latest"));
    assertEquals(ApiException.Kind.INVALID_CONFIG, e.kind());
  }

  private static Job await(String jobId, Predicate<Job> done) {
    return Await.until(
        "job " + jobId + " to get there",
        Duration.ofSeconds(60),
        () -> gateway.getJob(jobId),
        done);
  }

  private static String examples(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"messages\":[{\"role\":\"user\",\"content\":\"What is the colour of planet number"
                  + " %d?\"},{\"role\":\"assistant\",\"content\":\"Planet %d is painted shade"
                  + " %d.\"}]}%n",
              i,
              i,
              i * 7));
    }
    return sb.toString();
  }
}
