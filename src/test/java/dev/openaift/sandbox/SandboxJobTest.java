package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.core.JsonValue;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.FineTuningJobEvent;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.JobListEventsPage;
import com.openai.models.finetuning.jobs.JobListEventsParams;
import com.openai.models.finetuning.jobs.JobListParams;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListPage;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListParams;
import com.openai.models.finetuning.jobs.checkpoints.FineTuningJobCheckpoint;
import com.openai.models.models.Model;
import dev.openaift.TestClocks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A supervised job from upload to its fine-tuned model, driven with the SDK. */
class SandboxJobTest {
  @TempDir Path dir;

  @Test
  @SuppressWarnings(
      "deprecation") // Metadata._additionalProperties() is how the SDK exposes the keys
  void supervisedJobRunsFromUploadToAModelThatAnswersFromItsTrainingData() throws Exception {
    try (SandboxFixture f =
        new SandboxFixture(
            SandboxConfig.defaults().withStepDelayMs(5).withSeed(7).withClock(TestClocks.today()),
            dir)) {
      String trainText = SandboxFixture.resource("demo-train.jsonl");
      FileObject train = f.upload("demo-train.jsonl", trainText);
      FileObject valid = f.upload("demo-valid.jsonl", SandboxFixture.resource("demo-valid.jsonl"));
      assertEquals("demo-train.jsonl", train.filename());
      assertEquals(trainText.getBytes(StandardCharsets.UTF_8).length, train.bytes());

      FineTuningJob created =
          f.client
              .fineTuning()
              .jobs()
              .create(
                  JobCreateParams.builder()
                      .model("gpt-4o-mini")
                      .trainingFile(train.id())
                      .validationFile(valid.id())
                      .suffix("pip")
                      .seed(42L)
                      .metadata(
                          JobCreateParams.Metadata.builder()
                              .putAdditionalProperty("team", JsonValue.from("docs"))
                              .build())
                      .build())
              .validate();
      assertEquals("validating_files", created.status().asString());
      assertEquals("gpt-4o-mini-2024-07-18", created.model());
      assertEquals(42L, created.seed());
      assertTrue(created.hyperparameters().nEpochs().orElseThrow().isAuto());
      assertTrue(created.fineTunedModel().isEmpty());

      FineTuningJob done = f.await(created.id(), SandboxFixture::terminal).validate();
      assertEquals(FineTuningJob.Status.SUCCEEDED, done.status());
      // 40 examples: auto epochs 3, auto batch size 1 -> 120 steps
      assertEquals(3, done.hyperparameters().nEpochs().orElseThrow().asInteger());
      assertEquals(1, done.hyperparameters().batchSize().orElseThrow().asInteger());
      assertEquals(1.8, done.hyperparameters().learningRateMultiplier().orElseThrow().asNumber());
      assertEquals(
          3,
          done.method()
              .orElseThrow()
              .supervised()
              .orElseThrow()
              .hyperparameters()
              .orElseThrow()
              .nEpochs()
              .orElseThrow()
              .asInteger());
      String model = done.fineTunedModel().orElseThrow();
      assertTrue(model.matches("ft:gpt-4o-mini-2024-07-18:sandbox:pip:[A-Za-z0-9]{8}"), model);
      long tokens =
          TrainingData.read(trainText.getBytes(StandardCharsets.UTF_8), false, 10).stream()
              .mapToLong(TrainingData.Example::tokens)
              .sum();
      assertEquals(tokens * 3, done.trainedTokens().orElseThrow());
      assertTrue(done.finishedAt().orElseThrow() >= done.createdAt());
      assertTrue(done.estimatedFinish().isEmpty());
      assertEquals(
          "docs",
          done.metadata().orElseThrow()._additionalProperties().get("team").asStringOrThrow());

      checkResultFile(f, done, 120);
      checkEvents(f, done.id(), 120, model);
      checkCheckpoints(f, done.id(), model);
      checkModelAndChat(f, model, trainText);

      List<FineTuningJob> jobs = new ArrayList<>();
      f.client
          .fineTuning()
          .jobs()
          .list(JobListParams.builder().limit(5).build())
          .autoPager()
          .forEach(j -> jobs.add(j.validate()));
      assertEquals(List.of(done.id()), jobs.stream().map(FineTuningJob::id).toList());
    }
  }

  private static void checkResultFile(SandboxFixture f, FineTuningJob done, int steps)
      throws IOException {
    assertEquals(1, done.resultFiles().size());
    FileObject result = f.client.files().retrieve(done.resultFiles().get(0)).validate();
    assertEquals(FileObject.Purpose.FINE_TUNE_RESULTS, result.purpose());
    assertEquals("step_metrics.csv", result.filename());
    String csv;
    try (InputStream in = f.client.files().content(result.id()).body()) {
      csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(result.bytes(), csv.getBytes(StandardCharsets.UTF_8).length);
    String[] lines = csv.split("\n");
    assertEquals(ResultCsv.HEADER, lines[0]);
    assertEquals(steps + 1, lines.length);
    for (int s = 1; s <= steps; s++) {
      String[] cells = lines[s].split(",", -1);
      assertEquals(5, cells.length, lines[s]);
      assertEquals(Integer.toString(s), cells[0]);
      double loss = Double.parseDouble(cells[1]);
      double acc = Double.parseDouble(cells[2]);
      assertTrue(loss >= 0 && acc >= 0 && acc <= 1, lines[s]);
      // validation file given: minibatch validation on every step but the last
      assertEquals(s == steps, cells[3].isEmpty(), lines[s]);
    }
  }

  private static void checkEvents(SandboxFixture f, String jobId, int steps, String model) {
    List<FineTuningJobEvent> all = new ArrayList<>();
    f.client.fineTuning().jobs().listEvents(jobId).autoPager().forEach(e -> all.add(e.validate()));

    List<FineTuningJobEvent> manual = new ArrayList<>();
    String after = null;
    while (true) {
      JobListEventsParams.Builder p = JobListEventsParams.builder().fineTuningJobId(jobId).limit(7);
      if (after != null) {
        p.after(after);
      }
      JobListEventsPage page = f.client.fineTuning().jobs().listEvents(p.build());
      page.response().validate();
      assertTrue(page.data().size() <= 7);
      manual.addAll(page.data());
      if (!page.response().hasMore()) {
        break;
      }
      after = page.data().get(page.data().size() - 1).id();
    }
    assertEquals(
        all.stream().map(FineTuningJobEvent::id).toList(),
        manual.stream().map(FineTuningJobEvent::id).toList());
    Set<String> ids = new HashSet<>();
    all.forEach(e -> assertTrue(ids.add(e.id()), "duplicate event " + e.id()));
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i - 1).createdAt() >= all.get(i).createdAt(), "not newest first at " + i);
    }
    assertEquals("The job has successfully completed", all.get(0).message());
    assertEquals("Created fine-tuning job: " + jobId, all.get(all.size() - 1).message());

    List<String> chronological = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      chronological.add(all.get(i).message());
    }
    assertTrue(
        chronological.get(1).startsWith("Validating training file: file-"), chronological.get(1));
    assertEquals("Files validated, moving job to queued state", chronological.get(2));
    assertEquals("Fine-tuning job started", chronological.get(3));
    assertTrue(chronological.contains("New fine-tuned model created: " + model));
    assertTrue(
        chronological.contains(
            "Checkpoint created at step "
                + steps
                + " with Snapshot ID: "
                + model
                + ":ckpt-step-"
                + steps));

    int expectedStep = 1;
    for (int i = all.size() - 1; i >= 0; i--) {
      FineTuningJobEvent e = all.get(i);
      if (e.type().map(t -> t.equals(FineTuningJobEvent.Type.METRICS)).orElse(false)) {
        com.fasterxml.jackson.databind.JsonNode data = Wire.MAPPER.valueToTree(e._data());
        assertEquals(expectedStep, data.get("step").asInt());
        assertEquals(steps, data.get("total_steps").asInt());
        assertTrue(
            data.get("train_loss").isDouble() && data.has("train_mean_token_accuracy"),
            data.toString());
        assertTrue(
            e.message().startsWith("Step " + expectedStep + "/" + steps + ": training loss="),
            e.message());
        expectedStep++;
      }
    }
    assertEquals(steps + 1, expectedStep);
  }

  private static void checkCheckpoints(SandboxFixture f, String jobId, String model) {
    List<FineTuningJobCheckpoint> all = new ArrayList<>();
    f.client
        .fineTuning()
        .jobs()
        .checkpoints()
        .list(jobId)
        .autoPager()
        .forEach(c -> all.add(c.validate()));
    assertEquals(
        List.of(120L, 80L, 40L), all.stream().map(FineTuningJobCheckpoint::stepNumber).toList());
    for (FineTuningJobCheckpoint c : all) {
      assertEquals(model + ":ckpt-step-" + c.stepNumber(), c.fineTunedModelCheckpoint());
      assertEquals(jobId, c.fineTuningJobId());
      assertTrue(c.id().startsWith("ftckpt_"));
      assertTrue(c.metrics().fullValidLoss().isPresent());
      assertEquals((double) c.stepNumber(), c.metrics().step().orElseThrow());
    }
    CheckpointListPage first =
        f.client
            .fineTuning()
            .jobs()
            .checkpoints()
            .list(CheckpointListParams.builder().fineTuningJobId(jobId).limit(2).build());
    first.response().validate();
    assertTrue(first.response().hasMore());
    assertEquals(all.get(0).id(), first.response().firstId().orElseThrow());
    assertEquals(all.get(1).id(), first.response().lastId().orElseThrow());
    CheckpointListPage second = first.nextPage();
    assertEquals(
        List.of(all.get(2).id()), second.data().stream().map(FineTuningJobCheckpoint::id).toList());
    assertFalse(second.response().hasMore());
  }

  private static void checkModelAndChat(SandboxFixture f, String model, String trainText)
      throws Exception {
    Model m = f.client.models().retrieve(model).validate();
    assertEquals("org-sandbox", m.ownedBy());
    List<String> listed = new ArrayList<>();
    f.client.models().list().autoPager().forEach(x -> listed.add(x.validate().id()));
    assertTrue(
        listed.contains(model) && listed.contains("gpt-4o-mini-2024-07-18"), listed.toString());

    List<TrainingData.Example> examples =
        TrainingData.read(trainText.getBytes(StandardCharsets.UTF_8), false, 10);
    double ft = 0;
    double base = 0;
    for (TrainingData.Example e : examples) {
      String a = ask(f, model, e.prompt());
      String b = ask(f, "gpt-4o-mini", e.prompt());
      assertEquals(e.answer(), a, "fine-tuned answer to " + e.prompt());
      assertNotEquals(e.answer(), b);
      ft += ChatResponder.similarity(a, e.answer());
      base += ChatResponder.similarity(b, e.answer());
    }
    assertTrue(ft > 2 * base, "fine-tuned " + ft + " vs base " + base);
    // paraphrased questions from the validation file mostly find their answers, but not all of
    // them:
    // a fine-tuned model generalises imperfectly (ChatResponder), the base model not at all
    List<TrainingData.Example> validation =
        TrainingData.read(
            SandboxFixture.resource("demo-valid.jsonl").getBytes(StandardCharsets.UTF_8), false, 1);
    long right =
        validation.stream().filter(e -> ask(f, model, e.prompt()).equals(e.answer())).count();
    long baseRight =
        validation.stream()
            .filter(e -> ask(f, "gpt-4o-mini", e.prompt()).equals(e.answer()))
            .count();
    assertTrue(right >= 5 && right < 10, right + " of 10 paraphrases answered right");
    assertEquals(0, baseRight);

    assertTrue(f.client.models().delete(model).validate().deleted());
    assertThrows(NotFoundException.class, () -> f.client.models().retrieve(model));
  }

  private static String ask(SandboxFixture f, String model, String question) {
    ChatCompletion c =
        f.client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model(model)
                    .addSystemMessage("Be brief.")
                    .addUserMessage(question)
                    .build());
    c.validate();
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, c.choices().get(0).finishReason());
    return c.choices().get(0).message().content().orElseThrow();
  }
}
