package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.files.FileListPage;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.FineTuningJobEvent;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.JobListEventsParams;
import com.openai.models.finetuning.methods.DpoHyperparameters;
import com.openai.models.finetuning.methods.DpoMethod;
import dev.openaift.TestClocks;
import dev.openaift.follow.FakeTime;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure, cancel, pause/resume, DPO, base64 results and the file endpoints. */
class SandboxControlTest {
  @TempDir Path dir;

  private static SandboxConfig fast() {
    return SandboxConfig.defaults().withStepDelayMs(5).withSeed(3).withClock(TestClocks.today());
  }

  private static JobCreateParams job(String file, long epochs) {
    return JobCreateParams.builder()
        .model("gpt-4.1-mini")
        .trainingFile(file)
        .method(SandboxFixture.supervised(epochs))
        .build();
  }

  @Test
  void aBadTrainingFileFailsTheJobNamingTheLine() {
    try (SandboxFixture f = SandboxFixture.manual(fast(), dir)) {
      String lines = SandboxFixture.examples(12);
      String bad =
          lines.replaceFirst(
              "(?s)^((?:[^\n]*\n){4})[^\n]*\n",
              "$1{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"robot\",\"content\":\"beep\"}]}\n");
      String id = f.client.fineTuning().jobs().create(job(f.upload("bad.jsonl", bad).id(), 1)).id();
      FineTuningJob failed = f.await(id, SandboxFixture::terminal).validate();
      assertEquals(FineTuningJob.Status.FAILED, failed.status());
      FineTuningJob.Error err = failed.error().orElseThrow();
      assertEquals("training_file", err.param().orElseThrow());
      assertEquals("invalid_training_file", err.code());
      assertTrue(
          err.message().contains("Line 5:") && err.message().contains("\"robot\""), err.message());
      assertTrue(failed.fineTunedModel().isEmpty());
      assertTrue(failed.trainedTokens().isEmpty());
      FineTuningJobEvent newest =
          f.client.fineTuning().jobs().listEvents(id).data().get(0).validate();
      assertEquals(FineTuningJobEvent.Level.ERROR, newest.level());
      assertEquals(err.message(), newest.message());

      String few =
          f.client
              .fineTuning()
              .jobs()
              .create(job(f.upload("few.jsonl", SandboxFixture.examples(3)).id(), 1))
              .id();
      FineTuningJob.Error tooFew =
          f.await(few, SandboxFixture::terminal).validate().error().orElseThrow();
      assertTrue(tooFew.message().contains("3 example(s), but at least 10"), tooFew.message());

      String noAssistant =
          SandboxFixture.examples(11) + "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n";
      String na =
          f.client.fineTuning().jobs().create(job(f.upload("na.jsonl", noAssistant).id(), 1)).id();
      assertTrue(
          f.await(na, SandboxFixture::terminal)
              .error()
              .orElseThrow()
              .message()
              .contains("Line 12: no assistant message"));

      String notJson = SandboxFixture.examples(11) + "{oops\n";
      String nj =
          f.client.fineTuning().jobs().create(job(f.upload("nj.jsonl", notJson).id(), 1)).id();
      assertTrue(
          f.await(nj, SandboxFixture::terminal)
              .error()
              .orElseThrow()
              .message()
              .contains("Line 12: not valid JSON"));
    }
  }

  @Test
  void cancelStopsARunningJob() {
    try (SandboxFixture f = SandboxFixture.manual(fast(), dir)) {
      String id =
          f.client
              .fineTuning()
              .jobs()
              .create(job(f.upload("t.jsonl", SandboxFixture.examples(12)).id(), 50))
              .id();
      f.sandbox.advanceUntil(id, "running");
      f.sandbox.step(7);
      FineTuningJob running = f.client.fineTuning().jobs().retrieve(id).validate();
      assertTrue(running.estimatedFinish().orElseThrow() >= running.createdAt());
      assertEquals(7, lastStep(f, id));
      FineTuningJob cancelled = f.client.fineTuning().jobs().cancel(id).validate();
      assertEquals(FineTuningJob.Status.CANCELLED, cancelled.status());
      assertEquals(0, f.sandbox.step(50), "a cancelled job does not move");
      assertEquals(7, lastStep(f, id), "no step after cancel");
      assertEquals(
          "Fine-tuning job cancelled",
          f.client.fineTuning().jobs().listEvents(id).data().get(0).message());
      assertTrue(cancelled.fineTunedModel().isEmpty());
      assertTrue(cancelled.resultFiles().isEmpty());
      assertThrows(IllegalStateException.class, () -> f.sandbox.advanceUntil(id, "succeeded"));
    }
  }

  @Test
  void pauseHoldsAJobAndResumeContinuesIt() {
    try (SandboxFixture f = SandboxFixture.manual(fast(), dir)) {
      String id =
          f.client
              .fineTuning()
              .jobs()
              .create(job(f.upload("t.jsonl", SandboxFixture.examples(12)).id(), 25))
              .id();
      f.sandbox.advanceUntil(id, "running");
      f.sandbox.step(10);
      assertEquals(10, lastStep(f, id));
      FineTuningJob paused = f.lenient.fineTuning().jobs().pause(id);
      assertEquals("paused", paused.status().asString());
      // the SDK's Status enum has no "paused": strict validation rejects a paused job
      assertThrows(OpenAIInvalidDataException.class, paused::validate);
      assertTrue(paused.estimatedFinish().isEmpty());
      assertEquals(0, f.sandbox.step(50), "a paused job does not move");
      assertEquals(10, lastStep(f, id), "no step while paused");
      assertEquals("paused", f.lenient.fineTuning().jobs().retrieve(id).status().asString());
      assertThrows(IllegalStateException.class, () -> f.sandbox.advanceUntil(id, "succeeded"));
      assertEquals(
          FineTuningJob.Status.RUNNING,
          f.client.fineTuning().jobs().resume(id).validate().status());
      assertEquals(1, f.sandbox.step(), "a resumed job moves again");
      assertEquals(11, lastStep(f, id), "resume goes on from the step where pause stopped");
      assertEquals(
          300 - 11 + 1,
          f.sandbox.advanceUntil(id, "succeeded"),
          "the remaining steps, then the model");
      FineTuningJob done = f.client.fineTuning().jobs().retrieve(id).validate();
      assertEquals(FineTuningJob.Status.SUCCEEDED, done.status());
      List<String> messages = new ArrayList<>();
      f.client
          .fineTuning()
          .jobs()
          .listEvents(JobListEventsParams.builder().fineTuningJobId(id).limit(100).build())
          .autoPager()
          .forEach(e -> messages.add(e.validate().message()));
      assertTrue(
          messages.indexOf("Fine-tuning job resumed") < messages.indexOf("Fine-tuning job paused"));
      long metrics = messages.stream().filter(m -> m.startsWith("Step ")).count();
      assertEquals(300, metrics);
    }
  }

  @Test
  void inManualModeTheTestChoosesEveryTimestamp() {
    FakeTime clock = new FakeTime(1_790_000_000L);
    try (SandboxFixture f =
        SandboxFixture.manual(fast().withStepDelayMs(1000).withClock(clock), dir)) {
      FileObject file = f.upload("t.jsonl", SandboxFixture.examples(10));
      assertEquals(1_790_000_000L, file.createdAt());
      clock.advance(Duration.ofSeconds(30));
      String id = f.client.fineTuning().jobs().create(job(file.id(), 1)).id();
      clock.advance(Duration.ofHours(1)); // the wall clock does not move a job that nobody steps
      FineTuningJob created = f.client.fineTuning().jobs().retrieve(id).validate();
      assertEquals(FineTuningJob.Status.VALIDATING_FILES, created.status());
      assertEquals(1_790_000_030L, created.createdAt());
      assertEquals(2, f.sandbox.advanceUntil(id, "running"));
      assertEquals(0, f.sandbox.advanceUntil(id, "running"), "already there");
      List<Long> times = new ArrayList<>();
      f.client.fineTuning().jobs().listEvents(id).data().forEach(e -> times.add(e.createdAt()));
      // newest first: started at tick 2, validated at tick 1, created and validating at tick 0
      // (one step delay = 1 s)
      assertEquals(List.of(1_790_000_032L, 1_790_000_031L, 1_790_000_030L, 1_790_000_030L), times);
    }
  }

  @Test
  void aSandboxThatRunsOnItsOwnCannotBeStepped() {
    try (Sandbox sb = Sandbox.start(fast())) {
      assertFalse(sb.isManual());
      assertThrows(IllegalStateException.class, sb::step);
      assertThrows(IllegalStateException.class, () -> sb.advanceUntil("ftjob-x", "running"));
    }
  }

  @Test
  void dpoJobResolvesBetaAndItsModelAnswersWithThePreferredOutput() {
    try (SandboxFixture f = SandboxFixture.manual(fast(), dir)) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= 10; i++) {
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
      FineTuningJob created =
          f.client
              .fineTuning()
              .jobs()
              .create(
                  JobCreateParams.builder()
                      .model("gpt-4.1-mini")
                      .trainingFile(file)
                      .method(
                          JobCreateParams.Method.builder()
                              .type(JobCreateParams.Method.Type.DPO)
                              .dpo(
                                  DpoMethod.builder()
                                      .hyperparameters(
                                          DpoHyperparameters.builder().nEpochs(2L).build())
                                      .build())
                              .build())
                      .build())
              .validate();
      assertEquals("dpo", created.method().orElseThrow().type().asString());
      FineTuningJob done = f.await(created.id(), SandboxFixture::terminal).validate();
      assertEquals(FineTuningJob.Status.SUCCEEDED, done.status());
      DpoHyperparameters h =
          done.method().orElseThrow().dpo().orElseThrow().hyperparameters().orElseThrow();
      assertEquals(0.1, h.beta().orElseThrow().asNumber());
      assertEquals(2, h.nEpochs().orElseThrow().asInteger());
      ChatCompletion c =
          f.client
              .chat()
              .completions()
              .create(
                  ChatCompletionCreateParams.builder()
                      .model(done.fineTunedModel().orElseThrow())
                      .addUserMessage("Name fruit number 7")
                      .build())
              .validate();
      assertEquals("Fruit 7 is a mango.", c.choices().get(0).message().content().orElseThrow());
    }
  }

  @Test
  void base64ResultsAreOneLineOfBase64() throws Exception {
    try (SandboxFixture f = SandboxFixture.manual(fast().withBase64Results(true), dir)) {
      String id =
          f.client
              .fineTuning()
              .jobs()
              .create(job(f.upload("t.jsonl", SandboxFixture.examples(12)).id(), 2))
              .id();
      FineTuningJob done = f.await(id, SandboxFixture::terminal).validate();
      String body;
      try (InputStream in = f.client.files().content(done.resultFiles().get(0)).body()) {
        body = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      }
      assertFalse(body.contains("\n"));
      String csv = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      String[] lines = csv.split("\n");
      assertEquals(ResultCsv.HEADER, lines[0]);
      assertEquals(24 + 1, lines.length);
      // no validation file: validation cells are empty
      assertTrue(lines[1].endsWith(",,"), lines[1]);
    }
  }

  @Test
  @SuppressWarnings("deprecation") // FileObject.status is deprecated but still required on the wire
  void fileEndpointsListGetDeleteAndPaginate() throws Exception {
    try (SandboxFixture f = SandboxFixture.manual(fast(), dir)) {
      FileListPage empty = f.client.files().list();
      empty.response().validate();
      assertTrue(empty.data().isEmpty());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(f.upload("f" + i + ".jsonl", SandboxFixture.examples(10)).id());
      }
      FileObject got = f.client.files().retrieve(ids.get(2)).validate();
      assertEquals("f2.jsonl", got.filename());
      assertEquals(FileObject.Purpose.FINE_TUNE, got.purpose());
      assertEquals(FileObject.Status.PROCESSED, got.status());
      try (InputStream in = f.client.files().content(ids.get(2)).body()) {
        assertEquals(
            SandboxFixture.examples(10), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      List<String> walked = new ArrayList<>();
      f.client
          .files()
          .list(FileListParams.builder().limit(2).build())
          .autoPager()
          .forEach(o -> walked.add(o.validate().id()));
      List<String> newestFirst = new ArrayList<>(ids);
      java.util.Collections.reverse(newestFirst);
      assertEquals(newestFirst, walked);
      FileListPage asc =
          f.client
              .files()
              .list(FileListParams.builder().order(FileListParams.Order.ASC).limit(10).build());
      asc.response().validate();
      assertEquals(ids, asc.data().stream().map(FileObject::id).toList());
      assertEquals(ids.get(0), asc.response().firstId());

      assertTrue(f.client.files().delete(ids.get(0)).validate().deleted());
      assertEquals(4, f.client.files().list().data().size());
      SandboxFixture.Raw gone =
          f.raw("GET", "/files/" + ids.get(0) + "/content", f.sandbox.apiKey(), null);
      assertEquals(404, gone.status());
      JsonNode err = Wire.MAPPER.readTree(gone.body()).get("error");
      assertEquals("id", err.get("param").asText());
    }
  }

  /** The step of the newest metrics event, 0 when none. */
  private static int lastStep(SandboxFixture f, String id) {
    for (FineTuningJobEvent e :
        f.client
            .fineTuning()
            .jobs()
            .listEvents(JobListEventsParams.builder().fineTuningJobId(id).limit(5).build())
            .data()) {
      if (e.message().startsWith("Step ")) {
        return Integer.parseInt(e.message().substring(5, e.message().indexOf('/')));
      }
    }
    return 0;
  }
}
