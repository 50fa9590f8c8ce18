package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.Page;
import dev.openaift.api.UnusedGateway;
import dev.openaift.follow.CancellableSleeper;
import dev.openaift.follow.FollowListener;
import dev.openaift.follow.FollowOptions;
import dev.openaift.job.Checkpoint;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowSessionTest {
  @TempDir Path dir;

  /** A clock one second further on at every reading, so every poll is due an interim report. */
  private static final class TickingClock extends Clock {
    private Instant now = Instant.ofEpochSecond(1_800_000_000L);

    @Override
    public synchronized Instant instant() {
      now = now.plusSeconds(1);
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** A running job with three events; fetching checkpoints (the interim report) meets Ctrl-C. */
  private static final class CtrlCDuringReport extends UnusedGateway {
    FollowSession session;

    @Override
    public Job getJob(String jobId) {
      return new Job(
          jobId,
          "running",
          "gpt-4o-mini-2024-07-18",
          null,
          "org",
          1_700_000_000L,
          null,
          null,
          null,
          "file-t",
          null,
          List.of(),
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
      return new Page<>(
          List.of(
              new JobEvent(
                  "ftevent-3",
                  1_700_000_003L,
                  "info",
                  "Step 2/9: training loss=0.4",
                  "metrics",
                  Map.of("step", 2, "total_steps", 9, "train_loss", 0.4)),
              new JobEvent(
                  "ftevent-2",
                  1_700_000_002L,
                  "info",
                  "Step 1/9: training loss=0.5",
                  "metrics",
                  Map.of("step", 1, "total_steps", 9, "train_loss", 0.5)),
              new JobEvent(
                  "ftevent-1",
                  1_700_000_001L,
                  "info",
                  "Fine-tuning job started",
                  "message",
                  Map.of())),
          false);
    }

    @Override
    public List<Checkpoint> listCheckpoints(String jobId) {
      // The JVM's shutdown has begun (Ctrl-C): the hook cancels the session, and work that is under
      // way fails the way it does during a shutdown.
      session.cancel();
      throw new IllegalStateException("Shutdown in progress");
    }
  }

  @Test
  void ctrlCDuringAnInterimReportEndsAsInterruptedWithTheEventsKept() throws Exception {
    CtrlCDuringReport api = new CtrlCDuringReport();
    Archive archive = new Archive(dir);
    FollowSession.Settings settings =
        new FollowSession.Settings(
            archive,
            ArchiveSettings.defaults(ZoneOffset.UTC),
            true,
            Duration.ofSeconds(1),
            FollowOptions.defaults());
    FollowSession session =
        new FollowSession(
            api, settings, FollowListener.silent(), new TickingClock(), new CancellableSleeper());
    api.session = session;
    FollowSession.Outcome outcome = session.run("ftjob-live");
    assertTrue(outcome.interrupted(), "Ctrl-C, not an internal error");
    assertEquals("running", outcome.job().status());
    assertEquals(
        3, Files.readAllLines(archive.eventsFile("ftjob-live")).size(), "the events are kept");
  }
}
