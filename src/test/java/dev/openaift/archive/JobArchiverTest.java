package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ApiException;
import dev.openaift.api.FileInfo;
import dev.openaift.api.Page;
import dev.openaift.api.UnusedGateway;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import dev.openaift.job.JobFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobArchiverTest {
  @TempDir Path dir;

  /** One finished job with two result files; counts the requests. */
  private static final class FakeApi extends UnusedGateway {
    final List<JobEvent> newestFirst = new ArrayList<>();
    int eventPages;
    int contentCalls;
    String contentOf;

    FakeApi() {
      for (int i = 1; i <= 30; i++) {
        newestFirst.add(
            0,
            new JobEvent(
                "ftevent-" + i,
                1_700_000_000L + i,
                "info",
                "Step " + i + "/30: training loss=0.5",
                "metrics",
                Map.of("step", i, "total_steps", 30, "train_loss", 2.0 / i)));
      }
    }

    @Override
    public Job getJob(String jobId) {
      if (!jobId.equals("ftjob-one")) {
        throw new ApiException(
            ApiException.Kind.NOT_FOUND, 404, "no job " + jobId + " (404 from the API)", null);
      }
      return new Job(
          "ftjob-one",
          "succeeded",
          "gpt-4o-mini-2024-07-18",
          "ft:gpt-4o-mini-2024-07-18:org::x1",
          "org",
          1_700_000_000L,
          1_700_000_100L,
          null,
          1000L,
          "file-t",
          null,
          List.of("file-a", "file-b"),
          "supervised",
          Map.of("n_epochs", "3"),
          null,
          1L,
          null,
          null,
          Map.of());
    }

    @Override
    public Page<JobEvent> listEvents(String jobId, String after, int limit) {
      eventPages++;
      int from = 0;
      if (after != null) {
        for (int i = 0; i < newestFirst.size(); i++) {
          if (newestFirst.get(i).id().equals(after)) {
            from = i + 1;
          }
        }
      }
      int to = Math.min(newestFirst.size(), from + Math.min(limit, 10));
      return new Page<>(newestFirst.subList(from, to), to < newestFirst.size());
    }

    @Override
    public List<Checkpoint> listCheckpoints(String jobId) {
      return List.of(
          new Checkpoint(
              "ftckpt_1",
              1_700_000_090L,
              "ft:gpt-4o-mini-2024-07-18:org::x1:ckpt-step-30",
              jobId,
              30,
              Map.of("full_valid_loss", 0.4, "train_loss", 0.07)));
    }

    @Override
    public FileInfo getFile(String fileId) {
      return new FileInfo(
          fileId,
          10,
          1L,
          fileId.equals("file-b") ? "step_metrics.csv" : "other.csv",
          "fine-tune-results");
    }

    @Override
    public byte[] fileContent(String fileId) {
      contentCalls++;
      contentOf = fileId;
      StringBuilder csv =
          new StringBuilder(
              "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n");
      for (int i = 1; i <= 30; i++) {
        csv.append(i).append(',').append(2.0 / i).append(",0.5,,\n");
      }
      return Base64.getEncoder().encode(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private JobArchiver archiver(FakeApi api) {
    return new JobArchiver(
        api,
        new Archive(dir),
        ArchiveSettings.defaults(ZoneOffset.UTC),
        Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC),
        d -> {});
  }

  @Test
  void archivesEverythingThenOnlyFetchesNewEvents() throws Exception {
    FakeApi api = new FakeApi();
    JobArchiver.Archived a = archiver(api).archive("ftjob-one");
    assertEquals(30, a.newEvents());
    assertEquals(3, api.eventPages, "paged back through the whole backlog");
    assertEquals("file-b", api.contentOf, "the step_metrics.csv result file is archived");
    Path folder = dir.resolve("ftjob-one");
    assertTrue(
        Files.readString(folder.resolve("results.csv")).startsWith("step,train_loss,"),
        "base64 decoded");
    assertEquals(30, JobFiles.readEvents(folder.resolve("events.jsonl")).size());
    assertEquals(1, JobFiles.readCheckpoints(folder.resolve("checkpoints.json")).size());
    assertEquals("succeeded", JobFiles.readJob(folder.resolve("job.json")).status());
    assertNotNull(a.report());
    assertEquals(folder.resolve("index.html"), a.report().file());
    assertTrue(Files.isRegularFile(folder.resolve("summary.json")));
    assertTrue(new Archive(dir).hasFinished("ftjob-one"));

    api.eventPages = 0;
    JobArchiver.Archived again = archiver(api).archive("ftjob-one");
    assertEquals(0, again.newEvents());
    assertEquals(1, api.eventPages, "the newest page already holds a stored event");
    assertEquals(30, Files.readAllLines(folder.resolve("events.jsonl")).size(), "no duplicates");
  }

  @Test
  void aFinishedJobWhoseReportIsStillTheInterimOneIsNotSkipped() throws Exception {
    FakeApi api = new FakeApi();
    archiver(api).archive("ftjob-one");
    Path folder = dir.resolve("ftjob-one");
    // A follow --report-every wrote an interim report ("running"), then job.json of the finished
    // job,
    // and was killed (or the final report failed) before the final report was written.
    Path summary = folder.resolve("summary.json");
    Files.writeString(
        summary,
        Files.readString(summary)
            .replace("\"status\" : \"succeeded\"", "\"status\" : \"running\""));
    assertTrue(Files.readString(summary).contains("\"running\""), "test setup");
    assertEquals("succeeded", JobFiles.readJob(folder.resolve("job.json")).status());
    assertFalse(new Archive(dir).hasFinished("ftjob-one"), "report --all must visit it again");
    Files.writeString(summary, "{not json");
    assertFalse(new Archive(dir).hasFinished("ftjob-one"), "an unreadable summary is no report");
  }

  @Test
  void anUnknownJobWritesNothing() throws Exception {
    FakeApi api = new FakeApi();
    ApiException e = assertThrows(ApiException.class, () -> archiver(api).archive("ftjob-other"));
    assertEquals(ApiException.Kind.NOT_FOUND, e.kind());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
    assertThrows(IllegalArgumentException.class, () -> archiver(api).archive("../ftjob-one"));
    assertFalse(Files.exists(dir.resolve("ftjob-one")));
  }
}
