package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.finetuning.jobs.JobCreateParams;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Error answers: exact bodies through a raw client, exception types through the SDK. */
class SandboxErrorsTest {
  @TempDir Path dir;
  private SandboxFixture f;

  @BeforeEach
  void start() {
    f = new SandboxFixture(SandboxConfig.defaults().withStepDelayMs(5), dir);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static JsonNode error(SandboxFixture.Raw r) throws Exception {
    JsonNode body = Wire.MAPPER.readTree(r.body());
    JsonNode e = body.get("error");
    assertEquals(1, body.size(), r.body());
    assertEquals(
        List.of("message", "type", "param", "code"),
        List.copyOf(iterableToList(e.fieldNames())),
        r.body());
    assertTrue(e.get("message").isTextual() && !e.get("message").asText().isBlank(), r.body());
    return e;
  }

  private static List<String> iterableToList(java.util.Iterator<String> it) {
    java.util.List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void aFieldOfTheWrongTypeIs400InvalidTypeNamingBoth() throws Exception {
    String key = f.sandbox.apiKey();
    SandboxFixture.Raw model = f.raw("POST", "/fine_tuning/jobs", key, "{\"model\":7}");
    assertEquals(400, model.status());
    JsonNode e = error(model);
    assertEquals("invalid_type", e.get("code").asText());
    assertEquals("model", e.get("param").asText());
    assertEquals(
        "Invalid type for 'model': expected a string, but got a number instead.",
        e.get("message").asText());
    String file = f.upload("train.jsonl", SandboxFixture.examples(10)).id();
    SandboxFixture.Raw method =
        f.raw(
            "POST",
            "/fine_tuning/jobs",
            key,
            "{\"model\":\"gpt-4o-mini-2024-07-18\",\"training_file\":\""
                + file
                + "\",\"method\":[1]}");
    assertEquals(400, method.status());
    e = error(method);
    assertEquals("invalid_type", e.get("code").asText());
    assertEquals(
        "Invalid type for 'method': expected an object, but got an array instead.",
        e.get("message").asText());
  }

  @Test
  void missingKeyIs401() throws Exception {
    SandboxFixture.Raw r = f.raw("GET", "/models", null, null);
    assertEquals(401, r.status());
    JsonNode e = error(r);
    assertEquals("invalid_request_error", e.get("type").asText());
    assertEquals("invalid_api_key", e.get("code").asText());
    assertTrue(e.get("param").isNull());
    assertTrue(e.get("message").asText().contains("didn't provide an API key"));
  }

  @Test
  void wrongKeyIs401AndTheKeyIsMasked() throws Exception {
    SandboxFixture.Raw r = f.raw("GET", "/fine_tuning/jobs", "sk-wrong-key-1234567890", null);
    assertEquals(401, r.status());
    JsonNode e = error(r);
    assertEquals("invalid_api_key", e.get("code").asText());
    assertFalse(e.get("message").asText().contains("sk-wrong-key-1234567890"), e.toString());
    assertTrue(e.get("message").asText().contains("7890"), e.toString());

    var bad =
        com.openai.client.okhttp.OpenAIOkHttpClient.builder()
            .baseUrl(f.sandbox.baseUrl().toString())
            .apiKey("nope")
            .maxRetries(0)
            .build();
    try {
      assertThrows(UnauthorizedException.class, () -> bad.models().list());
    } finally {
      bad.close();
    }
  }

  @Test
  void unknownIdsAre404() throws Exception {
    String key = f.sandbox.apiKey();
    SandboxFixture.Raw job = f.raw("GET", "/fine_tuning/jobs/ftjob-nope", key, null);
    assertEquals(404, job.status());
    assertTrue(error(job).get("message").asText().contains("ftjob-nope"));
    SandboxFixture.Raw file = f.raw("GET", "/files/file-nope", key, null);
    assertEquals(404, file.status());
    assertEquals("No such File object: file-nope", error(file).get("message").asText());
    SandboxFixture.Raw model =
        f.raw("GET", "/models/ft:gpt-4o-mini-2024-07-18:sandbox::nope", key, null);
    assertEquals(404, model.status());
    assertEquals("model_not_found", error(model).get("code").asText());
    assertEquals(404, f.raw("GET", "/fine_tuning/jobs/ftjob-nope/events", key, null).status());
    assertEquals(404, f.raw("POST", "/fine_tuning/jobs/ftjob-nope/cancel", key, null).status());

    assertThrows(
        NotFoundException.class, () -> f.client.fineTuning().jobs().retrieve("ftjob-nope"));
    assertThrows(NotFoundException.class, () -> f.client.files().delete("file-nope"));
  }

  @Test
  void unknownRoutesAre404InvalidUrl() throws Exception {
    String key = f.sandbox.apiKey();
    SandboxFixture.Raw r = f.raw("GET", "/no/such/thing", key, null);
    assertEquals(404, r.status());
    assertEquals("Invalid URL (GET /v1/no/such/thing)", error(r).get("message").asText());
    SandboxFixture.Raw put = f.raw("PUT", "/files", key, "{}");
    assertEquals(404, put.status());
    assertEquals("Invalid URL (PUT /v1/files)", error(put).get("message").asText());
  }

  /**
   * Requests the sandbox refuses with 400: method, path, body ({@code TRAIN} stands for an uploaded
   * training file), the parameter the error names (empty: none) and a text the error holds.
   */
  static Stream<Arguments> badRequests() {
    String jobs = "/fine_tuning/jobs";
    String chat = "/chat/completions";
    String model = "{\"model\":\"gpt-4o-mini\",\"training_file\":\"TRAIN\"";
    return Stream.of(
        arguments("POST", jobs, "{\"training_file\":\"TRAIN\"}", "model", ""),
        arguments(
            "POST",
            jobs,
            "{\"model\":\"gpt-nope\",\"training_file\":\"TRAIN\"}",
            "model",
            "model_not_available"),
        arguments(
            "POST",
            jobs,
            "{\"model\":\"gpt-4o-mini\",\"training_file\":\"file-nope\"}",
            "training_file",
            ""),
        arguments(
            "POST",
            jobs,
            model + ",\"hyperparameters\":{\"n_epochs\":0}}",
            "hyperparameters.n_epochs",
            ""),
        arguments(
            "POST",
            jobs,
            model
                + ",\"method\":{\"type\":\"dpo\",\"dpo\":{\"hyperparameters\":{\"beta\":\"high\"}}}}",
            "method.dpo.hyperparameters.beta",
            ""),
        arguments(
            "POST",
            jobs,
            model
                + ",\"hyperparameters\":{\"n_epochs\":2},"
                + "\"method\":{\"type\":\"supervised\",\"supervised\":{\"hyperparameters\":{\"n_epochs\":3}}}}",
            "hyperparameters",
            ""),
        arguments("POST", jobs, model + ",\"suffix\":\"a:b\"}", "suffix", ""),
        arguments("GET", jobs + "?limit=0", null, "limit", ""),
        arguments("POST", chat, "{not json", "", "could not parse the JSON body"),
        arguments("POST", chat, "{\"model\":\"gpt-4o-mini\"}", "messages", ""));
  }

  @ParameterizedTest(name = "{0} {1} {2} names {3}")
  @MethodSource("badRequests")
  void badRequestsAre400NamingTheParameter(
      String method, String path, String body, String param, String holds) throws Exception {
    String key = f.sandbox.apiKey();
    if (body != null && body.contains("TRAIN")) {
      body = body.replace("TRAIN", f.upload("t.jsonl", SandboxFixture.examples(12)).id());
    }
    JsonNode e = error(expect(400, f.raw(method, path, key, body)));
    assertEquals("invalid_request_error", e.get("type").asText(), e.toString());
    if (param.isEmpty()) {
      assertTrue(e.get("param").isNull(), e.toString());
    } else {
      assertEquals(param, e.get("param").asText(), e.toString());
    }
    assertTrue(e.toString().contains(holds), e.toString());
  }

  @Test
  void theSdkThrowsBadRequestFor400() {
    BadRequestException sdk =
        assertThrows(
            BadRequestException.class,
            () ->
                f.client
                    .fineTuning()
                    .jobs()
                    .create(
                        JobCreateParams.builder()
                            .model("gpt-4o-mini")
                            .trainingFile("file-nope")
                            .build()));
    assertEquals(400, sdk.statusCode());
  }

  @Test
  void deletingABaseModelIs403() throws Exception {
    SandboxFixture.Raw r =
        f.raw("DELETE", "/models/gpt-4o-mini-2024-07-18", f.sandbox.apiKey(), null);
    assertEquals(403, r.status());
    assertEquals("model", error(r).get("param").asText());
    assertThrows(PermissionDeniedException.class, () -> f.client.models().delete("gpt-4o-mini"));
  }

  @Test
  @SuppressWarnings("deprecation") // top-level hyperparameters: the legacy form, still accepted
  void cancellingAFinishedJobIs409() throws Exception {
    String train = f.upload("t.jsonl", SandboxFixture.examples(12)).id();
    String id =
        f.client
            .fineTuning()
            .jobs()
            .create(
                JobCreateParams.builder()
                    .model("gpt-4o-mini")
                    .trainingFile(train)
                    .hyperparameters(JobCreateParams.Hyperparameters.builder().nEpochs(1L).build())
                    .build())
            .id();
    f.await(id, SandboxFixture::terminal);
    SandboxFixture.Raw r =
        f.raw("POST", "/fine_tuning/jobs/" + id + "/cancel", f.sandbox.apiKey(), null);
    assertEquals(409, r.status());
    assertTrue(error(r).get("message").asText().contains("already succeeded"));
    assertEquals(
        409,
        f.raw("POST", "/fine_tuning/jobs/" + id + "/pause", f.sandbox.apiKey(), null).status());
    assertEquals(
        409,
        f.raw("POST", "/fine_tuning/jobs/" + id + "/resume", f.sandbox.apiKey(), null).status());
    assertThrows(
        com.openai.errors.OpenAIServiceException.class,
        () -> f.client.fineTuning().jobs().cancel(id));
  }

  private static SandboxFixture.Raw expect(int status, SandboxFixture.Raw r) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    return r;
  }
}
