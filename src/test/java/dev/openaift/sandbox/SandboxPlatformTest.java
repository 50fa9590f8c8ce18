package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.methods.ReinforcementHyperparameters;
import com.openai.models.finetuning.methods.ReinforcementMethod;
import com.openai.models.graders.gradermodels.StringCheckGrader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown dates, the end of new jobs, refused training-file downloads, and DPO and reinforcement
 * runs.
 */
class SandboxPlatformTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static SandboxConfig at(Clock clock) {
    return SandboxConfig.defaults().withStepDelayMs(5).withSeed(4).withClock(clock);
  }

  private static JsonNode json(SandboxFixture.Raw r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void modelsCarryTheirShutdownDatesAndFineTunesTheirBasesDate() throws Exception {
    PlatformRules rules =
        PlatformRules.defaults()
            .withShutdownDate("gpt-4.1", LocalDate.parse("2027-03-01"))
            .withShutdownDate("gpt-4o-2024-08-06", null);
    try (SandboxFixture f =
        new SandboxFixture(at(new SetClock("2026-11-29T10:00:00Z")).withPlatform(rules), dir)) {
      JsonNode list = json(f.raw("GET", "/models", f.sandbox.apiKey(), null));
      java.util.Map<String, JsonNode> byId = new java.util.TreeMap<>();
      list.path("data").forEach(m -> byId.put(m.path("id").asText(), m.path("shutdown_date")));
      assertEquals("2027-01-14", byId.get("gpt-4o-mini-2024-07-18").asText());
      assertEquals("2027-01-14", byId.get("gpt-4.1-mini-2025-04-14").asText());
      assertEquals("2026-10-23", byId.get("gpt-4.1-nano-2025-04-14").asText());
      assertEquals("2026-10-23", byId.get("o4-mini-2025-04-16").asText());
      assertEquals("2027-03-01", byId.get("gpt-4.1-2025-04-14").asText(), "overridden");
      assertTrue(byId.get("gpt-4o-2024-08-06").isNull(), "overridden to none");
      assertTrue(byId.get("sandbox-evergreen").isNull());
      assertTrue(byId.get("gpt-3.5-turbo-0125").isNull());

      String file = f.upload("t.jsonl", SandboxFixture.examples(10)).id();
      FineTuningJob done =
          f.await(
              f.client
                  .fineTuning()
                  .jobs()
                  .create(
                      JobCreateParams.builder()
                          .model("gpt-4o-mini")
                          .trainingFile(file)
                          .method(SandboxFixture.supervised(1))
                          .build())
                  .id(),
              SandboxFixture::terminal);
      String model = done.fineTunedModel().orElseThrow();
      JsonNode one = json(f.raw("GET", "/models/" + model, f.sandbox.apiKey(), null));
      assertEquals("2027-01-14", one.path("shutdown_date").asText());
      // the SDK knows the field and reads it as a date
      assertEquals(
          LocalDate.parse("2027-01-14"),
          f.client.models().retrieve(model).validate().shutdownDate().orElseThrow());
      assertTrue(
          f.client.models().retrieve("sandbox-evergreen").validate().shutdownDate().isEmpty());
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> PlatformRules.defaults().withShutdownDate("gpt-9", null));
  }

  @Test
  void aFineTuneAndItsCheckpointsStopAnsweringOnTheirBasesShutdownDate() throws Exception {
    SetClock clock = new SetClock("2027-01-13T23:00:00Z");
    try (SandboxFixture f = new SandboxFixture(at(clock), dir)) {
      String file = f.upload("t.jsonl", SandboxFixture.examples(10)).id();
      FineTuningJob done =
          f.await(
              f.client
                  .fineTuning()
                  .jobs()
                  .create(
                      JobCreateParams.builder()
                          .model("gpt-4.1-mini")
                          .trainingFile(file)
                          .method(SandboxFixture.supervised(3))
                          .build())
                  .id(),
              SandboxFixture::terminal);
      String model = done.fineTunedModel().orElseThrow();
      String checkpoint =
          f.client
              .fineTuning()
              .jobs()
              .checkpoints()
              .list(done.id())
              .data()
              .get(0)
              .fineTunedModelCheckpoint();
      for (String m : List.of(model, checkpoint, "gpt-4.1-mini")) {
        assertEquals(
            200, f.raw("POST", "/chat/completions", f.sandbox.apiKey(), chat(m)).status(), m);
      }
      clock.set("2027-01-14T00:00:00Z");
      for (String m : List.of(model, checkpoint, "gpt-4.1-mini")) {
        NotFoundException e =
            assertThrows(
                NotFoundException.class,
                () ->
                    f.client
                        .chat()
                        .completions()
                        .create(
                            ChatCompletionCreateParams.builder()
                                .model(m)
                                .addUserMessage("hi")
                                .build()));
        assertEquals("model_not_found", e.code().orElseThrow(), m);
        assertTrue(e.getMessage().contains("shut down on 2027-01-14"), e.getMessage());
      }
      // another family is unaffected; the records stay readable
      assertEquals(
          200,
          f.raw("POST", "/chat/completions", f.sandbox.apiKey(), chat("sandbox-evergreen"))
              .status());
      assertEquals(model, f.client.models().retrieve(model).id());
      assertEquals(
          FineTuningJob.Status.SUCCEEDED,
          f.client.fineTuning().jobs().retrieve(done.id()).status());
    }
  }

  @Test
  void newJobsStopOnTheConfiguredDateWhileEverythingElseStaysReadable() throws Exception {
    SetClock clock = new SetClock("2027-01-05T23:59:59Z");
    PlatformRules rules = PlatformRules.defaults().withNewJobsUntil(LocalDate.parse("2027-01-06"));
    try (SandboxFixture f = new SandboxFixture(at(clock).withPlatform(rules), dir)) {
      String file = f.upload("t.jsonl", SandboxFixture.examples(10)).id();
      JobCreateParams params =
          JobCreateParams.builder()
              .model("sandbox-evergreen")
              .trainingFile(file)
              .method(SandboxFixture.supervised(1))
              .build();
      String id =
          f.await(f.client.fineTuning().jobs().create(params).id(), SandboxFixture::terminal).id();
      clock.set("2027-01-06T00:00:00Z");
      PermissionDeniedException e =
          assertThrows(
              PermissionDeniedException.class, () -> f.client.fineTuning().jobs().create(params));
      assertEquals(Endpoints.NEW_JOBS_CLOSED, e.code().orElseThrow());
      assertTrue(e.getMessage().contains("new jobs stopped on 2027-01-06"), e.getMessage());
      JsonNode raw =
          json(
              f.raw(
                  "POST",
                  "/fine_tuning/jobs",
                  f.sandbox.apiKey(),
                  "{\"model\":\"gpt-4o-mini\",\"training_file\":\"" + file + "\"}"));
      assertEquals("invalid_request_error", raw.path("error").path("type").asText());
      assertEquals(1, f.client.fineTuning().jobs().list().data().size());
      assertTrue(f.client.fineTuning().jobs().listEvents(id).data().size() > 0);
      assertEquals(
          1, f.client.files().list().data().stream().filter(x -> x.id().equals(file)).count());
      assertTrue(
          f.client.files().content(file).body().readAllBytes().length > 0,
          "files stay downloadable");
    }
  }

  @Test
  void trainingFileDownloadsCanBeRefusedWhileResultFilesStayDownloadable() throws Exception {
    PlatformRules rules = PlatformRules.defaults().withRefuseTrainingFileContent(true);
    try (SandboxFixture f =
        new SandboxFixture(at(new SetClock("2026-11-29T10:00:00Z")).withPlatform(rules), dir)) {
      String file = f.upload("t.jsonl", SandboxFixture.examples(10)).id();
      BadRequestException e =
          assertThrows(BadRequestException.class, () -> f.client.files().content(file));
      assertTrue(
          e.getMessage().contains("Not allowed to download files of purpose: fine-tune"),
          e.getMessage());
      assertEquals(
          200, f.raw("GET", "/files/" + file, f.sandbox.apiKey(), null).status(), "metadata stays");
      FineTuningJob done =
          f.await(
              f.client
                  .fineTuning()
                  .jobs()
                  .create(
                      JobCreateParams.builder()
                          .model("gpt-4o-mini")
                          .trainingFile(file)
                          .method(SandboxFixture.supervised(1))
                          .build())
                  .id(),
              SandboxFixture::terminal);
      try (InputStream in = f.client.files().content(done.resultFiles().get(0)).body()) {
        assertTrue(
            new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith(ResultCsv.HEADER));
      }
    }
  }

  @Test
  void dpoJobsLogPreferenceStatisticsAndWriteThemToTheResultFile() throws Exception {
    try (SandboxFixture f = new SandboxFixture(at(new SetClock("2026-11-29T10:00:00Z")), dir)) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= 20; i++) {
        sb.append(
            String.format(
                Locale.ROOT,
                "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"Name fruit number"
                    + " %d\"}]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"Fruit"
                    + " %d is a"
                    + " mango.\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"No"
                    + " idea.\"}]}%n",
                i,
                i));
      }
      String file = f.upload("dpo.jsonl", sb.toString()).id();
      String raw =
          "{\"model\":\"gpt-4o-mini\",\"training_file\":\""
              + file
              + "\",\"validation_file\":\""
              + file
              + "\",\"method\":{\"type\":\"dpo\",\"dpo\":{\"hyperparameters\":{\"beta\":0.25,\"n_epochs\":3}}}}";
      String id =
          json(f.raw("POST", "/fine_tuning/jobs", f.sandbox.apiKey(), raw)).path("id").asText();
      FineTuningJob done = f.await(id, SandboxFixture::terminal).validate();
      assertEquals(
          0.25,
          done.method()
              .orElseThrow()
              .dpo()
              .orElseThrow()
              .hyperparameters()
              .orElseThrow()
              .beta()
              .orElseThrow()
              .asNumber());
      List<JsonNode> metrics = metricsData(f, id);
      assertEquals(
          done.method()
                  .orElseThrow()
                  .dpo()
                  .orElseThrow()
                  .hyperparameters()
                  .orElseThrow()
                  .nEpochs()
                  .orElseThrow()
                  .asInteger()
              * 1L,
          3L);
      JsonNode first = metrics.get(0);
      for (String k :
          List.of(
              "train_loss",
              "train_chosen_reward",
              "train_rejected_reward",
              "train_reward_margin",
              "train_reward_accuracy",
              "valid_reward_margin",
              "valid_reward_accuracy")) {
        assertTrue(first.path(k).isNumber(), k + " in " + first);
      }
      JsonNode last = metrics.get(metrics.size() - 1);
      assertTrue(last.path("full_valid_reward_margin").isNumber(), last.toString());
      double m = last.path("train_reward_margin").asDouble();
      assertEquals(
          m,
          last.path("train_chosen_reward").asDouble()
              - last.path("train_rejected_reward").asDouble(),
          1e-9);
      assertTrue(
          m > first.path("train_reward_margin").asDouble(), "margins grow as the loss falls");
      String csv;
      try (InputStream in = f.client.files().content(done.resultFiles().get(0)).body()) {
        csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String[] lines = csv.split("\n");
      assertEquals(ResultCsv.HEADER + "," + String.join(",", ResultCsv.DPO_COLUMNS), lines[0]);
      assertEquals(metrics.size() + 1, lines.length);
      assertEquals(11, lines[1].split(",", -1).length);
    }
  }

  @Test
  void reinforcementJobsLogNestedScoresPerGraderAndEchoTheirHyperparameters() throws Exception {
    try (SandboxFixture f = new SandboxFixture(at(new SetClock("2026-11-29T10:00:00Z")), dir)) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= 12; i++) {
        sb.append(
            String.format(
                Locale.ROOT,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"What is %d plus"
                    + " %d?\"}],\"reference_answer\":\"%d\"}%n",
                i,
                i,
                2 * i));
      }
      String train = f.upload("rft.jsonl", sb.toString()).id();
      String valid = f.upload("rft-valid.jsonl", sb.toString()).id();
      StringCheckGrader grader =
          StringCheckGrader.builder()
              .name("exact")
              .input("{{sample.output_text}}")
              .reference("{{item.reference_answer}}")
              .operation(StringCheckGrader.Operation.EQ)
              .build();
      FineTuningJob created =
          f.client
              .fineTuning()
              .jobs()
              .create(
                  JobCreateParams.builder()
                      .model("sandbox-evergreen")
                      .trainingFile(train)
                      .validationFile(valid)
                      .method(
                          JobCreateParams.Method.builder()
                              .type(JobCreateParams.Method.Type.REINFORCEMENT)
                              .reinforcement(
                                  ReinforcementMethod.builder()
                                      .grader(grader)
                                      .hyperparameters(
                                          ReinforcementHyperparameters.builder()
                                              .nEpochs(2L)
                                              .batchSize(2L)
                                              .evalInterval(2L)
                                              .reasoningEffort(
                                                  ReinforcementHyperparameters.ReasoningEffort.LOW)
                                              .build())
                                      .build())
                              .build())
                      .build())
              .validate();
      assertEquals("reinforcement", created.method().orElseThrow().type().asString());
      FineTuningJob done = f.await(created.id(), SandboxFixture::terminal).validate();
      assertEquals(FineTuningJob.Status.SUCCEEDED, done.status());
      ReinforcementMethod rm = done.method().orElseThrow().reinforcement().orElseThrow();
      ReinforcementHyperparameters h = rm.hyperparameters().orElseThrow();
      assertEquals(2, h.evalInterval().orElseThrow().asInteger());
      assertEquals(1.0, h.computeMultiplier().orElseThrow().asNumber());
      assertEquals(1, h.evalSamples().orElseThrow().asInteger());
      assertEquals(
          ReinforcementHyperparameters.ReasoningEffort.LOW, h.reasoningEffort().orElseThrow());
      assertEquals("exact", rm.grader().stringCheck().orElseThrow().name());

      List<JsonNode> metrics = metricsData(f, created.id());
      assertEquals(12, metrics.size(), "12 examples, batch 2, 2 epochs");
      JsonNode s2 = metrics.get(1);
      assertEquals(2, s2.path("step").asInt());
      assertEquals(12, s2.path("total_steps").asInt());
      assertTrue(s2.path("scores").path("valid_reward_mean").isNumber(), "step 2 evaluates: " + s2);
      assertTrue(
          metrics.get(0).path("scores").path("valid_reward_mean").isMissingNode(),
          "step 1 does not");
      assertEquals("exact", s2.path("scores").path("graders").get(0).path("name").asText());
      assertEquals(
          s2.path("train_mean_reward").asDouble(),
          s2.path("scores").path("train_reward_mean").asDouble());
      assertTrue(
          s2.path("usage").path("samples_reasoning_tokens_mean").asDouble() < 600, "low effort");
      assertTrue(s2.path("errors").path("sample_parse_error_mean").isNumber());
      assertTrue(s2.path("errors").path("graders").get(0).path("error_mean").isNumber());
      JsonNode t = s2.path("timing");
      assertEquals(
          t.path("full_iteration_seconds").asDouble(),
          t.path("sampling_seconds").asDouble()
              + t.path("training_seconds").asDouble()
              + t.path("eval_seconds").asDouble()
              + t.path("graders").get(0).path("seconds").asDouble(),
          1e-9);
      double firstReward = metrics.get(0).path("train_mean_reward").asDouble();
      double lastReward = metrics.get(11).path("full_valid_mean_reward").asDouble();
      assertTrue(
          lastReward > firstReward - 0.1, "rewards climb: " + firstReward + " -> " + lastReward);

      var checkpoints = f.client.fineTuning().jobs().checkpoints().list(created.id()).data();
      assertEquals(2, checkpoints.size());
      assertTrue(
          checkpoints
              .get(0)
              .metrics()
              ._additionalProperties()
              .containsKey("full_valid_mean_reward"));
      String csv;
      try (InputStream in = f.client.files().content(done.resultFiles().get(0)).body()) {
        csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String[] lines = csv.split("\n");
      assertEquals(ResultCsv.HEADER + "," + String.join(",", RewardModel.CSV_COLUMNS), lines[0]);
      assertEquals(13, lines.length);
      assertTrue(lines[2].startsWith("2,,,,,"), lines[2]);
      assertEquals(10, lines[2].split(",", -1).length);

      // a reinforcement job needs a grader, with a known type
      String body =
          "{\"model\":\"sandbox-evergreen\",\"training_file\":\""
              + train
              + "\",\"method\":{\"type\":"
              + "\"reinforcement\",\"reinforcement\":{%s}}}";
      JsonNode missing =
          json(f.raw("POST", "/fine_tuning/jobs", f.sandbox.apiKey(), String.format(body, "")));
      assertEquals("method.reinforcement.grader", missing.path("error").path("param").asText());
      JsonNode badType =
          json(
              f.raw(
                  "POST",
                  "/fine_tuning/jobs",
                  f.sandbox.apiKey(),
                  String.format(body, "\"grader\":{\"type\":\"vibes\",\"name\":\"x\"}")));
      assertEquals(
          "method.reinforcement.grader.type", badType.path("error").path("param").asText());
      // a multi grader reports each sub-grader
      JsonNode multi =
          json(
              f.raw(
                  "POST",
                  "/fine_tuning/jobs",
                  f.sandbox.apiKey(),
                  String.format(
                      body,
                      "\"grader\":{\"type\":\"multi\",\"name\":\"both\",\"calculate_output\":\"a+b\",\"graders\":{"
                          + "\"a\":{\"type\":\"string_check\",\"name\":\"a\",\"input\":\"x\",\"reference\":\"y\",\"operation\":\"eq\"},"
                          + "\"b\":{\"type\":\"text_similarity\",\"name\":\"b\",\"input\":\"x\",\"reference\":\"y\","
                          + "\"evaluation_metric\":\"bleu\"}}}")));
      String multiId = multi.path("id").asText();
      f.await(multiId, SandboxFixture::terminal);
      List<String> names = new ArrayList<>();
      metricsData(f, multiId)
          .get(0)
          .path("scores")
          .path("graders")
          .forEach(g -> names.add(g.path("name").asText()));
      assertEquals(List.of("a", "b"), names);
    }
  }

  private static String chat(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  /** The data of every metrics event, oldest first. */
  private static List<JsonNode> metricsData(SandboxFixture f, String jobId) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    String after = null;
    boolean more = true;
    while (more) {
      JsonNode page =
          json(
              f.raw(
                  "GET",
                  "/fine_tuning/jobs/"
                      + jobId
                      + "/events?limit=100"
                      + (after == null ? "" : "&after=" + after),
                  f.sandbox.apiKey(),
                  null));
      for (JsonNode e : page.path("data")) {
        if (e.path("type").asText().equals("metrics")) {
          out.add(e.path("data"));
        }
        after = e.path("id").asText();
      }
      more = page.path("has_more").asBoolean();
    }
    java.util.Collections.reverse(out);
    return out;
  }
}
