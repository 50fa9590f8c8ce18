package dev.openaift.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.FineTuningJobEvent;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.JobListEventsParams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandbox with a data directory keeps its state across a restart and continues running jobs. */
class SandboxPersistenceTest {
  @TempDir Path tmp;

  @Test
  void restartKeepsFilesJobsEventsAndContinuesARunningJob() throws IOException {
    Path data = tmp.resolve("state");
    SandboxConfig cfg = SandboxConfig.defaults().withStepDelayMs(5).withSeed(9).withDataDir(data);
    String fileId;
    String finishedJob;
    String runningJob;
    String model;
    List<String> eventsBefore = new ArrayList<>();
    try (SandboxFixture f = new SandboxFixture(cfg, tmp)) {
      fileId = f.upload("t.jsonl", SandboxFixture.examples(12)).id();
      finishedJob =
          f.client
              .fineTuning()
              .jobs()
              .create(
                  JobCreateParams.builder()
                      .model("gpt-4o-mini")
                      .trainingFile(fileId)
                      .suffix("first")
                      .method(SandboxFixture.supervised(1L))
                      .build())
              .id();
      model = f.await(finishedJob, SandboxFixture::terminal).fineTunedModel().orElseThrow();
      runningJob =
          f.client
              .fineTuning()
              .jobs()
              .create(
                  JobCreateParams.builder()
                      .model("gpt-4o-mini")
                      .trainingFile(fileId)
                      .method(SandboxFixture.supervised(20L))
                      .build())
              .id();
      f.await(runningJob, j -> j.status().asString().equals("running"));
      f.sandbox.close();
      eventsBefore.addAll(eventIds(data, runningJob));
    }
    assertTrue(Files.exists(data.resolve(Store.STATE_FILE)));
    try (Stream<Path> files = Files.list(data)) {
      assertEquals(List.of(Store.STATE_FILE), files.map(p -> p.getFileName().toString()).toList());
    }
    assertTrue(!eventsBefore.isEmpty());

    try (SandboxFixture f = new SandboxFixture(cfg, tmp)) {
      try (InputStream in = f.client.files().content(fileId).body()) {
        assertEquals(
            SandboxFixture.examples(12), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      assertEquals(model, f.client.models().retrieve(model).validate().id());
      FineTuningJob first = f.client.fineTuning().jobs().retrieve(finishedJob).validate();
      assertEquals(FineTuningJob.Status.SUCCEEDED, first.status());

      FineTuningJob done = f.await(runningJob, SandboxFixture::terminal).validate();
      assertEquals(FineTuningJob.Status.SUCCEEDED, done.status());
      List<FineTuningJobEvent> events = new ArrayList<>();
      f.client
          .fineTuning()
          .jobs()
          .listEvents(JobListEventsParams.builder().fineTuningJobId(runningJob).limit(100).build())
          .autoPager()
          .forEach(e -> events.add(e.validate()));
      List<String> ids = events.stream().map(FineTuningJobEvent::id).toList();
      assertTrue(ids.containsAll(eventsBefore), "events from before the restart are kept");
      List<Integer> steps = new ArrayList<>();
      for (int i = events.size() - 1; i >= 0; i--) {
        String m = events.get(i).message();
        if (m.startsWith("Step ")) {
          steps.add(Integer.parseInt(m.substring(5, m.indexOf('/'))));
        }
      }
      List<Integer> expected = new ArrayList<>();
      for (int s = 1; s <= 240; s++) {
        expected.add(s);
      }
      assertEquals(expected, steps, "every step exactly once across the restart");
      assertEquals(ids.size(), ids.stream().distinct().count());
    }
  }

  private static List<String> eventIds(Path data, String jobId) throws IOException {
    var state = Wire.MAPPER.readTree(data.resolve(Store.STATE_FILE).toFile());
    List<String> out = new ArrayList<>();
    state.get("jobs").get(jobId).get("events").forEach(e -> out.add(e.get("id").asText()));
    return out;
  }
}
