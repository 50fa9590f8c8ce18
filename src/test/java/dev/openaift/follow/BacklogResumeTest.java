package dev.openaift.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.openaift.api.ApiException;
import dev.openaift.api.Page;
import dev.openaift.api.UnusedGateway;
import dev.openaift.archive.FileEventStore;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first read of a long backlog keeps the pages it has read: a run killed while paging back leaves
 * them on disk, and the next run continues from the oldest of them instead of fetching them again,
 * still storing and reporting every event once, oldest first.
 */
class BacklogResumeTest {
  private static final long T0 = 1_721_764_800L;

  @TempDir Path tmp;

  /** The scripted API, failing for good after {@code pages} list calls (the run "dies" there). */
  private static UnusedGateway dyingAfter(ScriptedGateway api, int pages) {
    return new UnusedGateway() {
      int calls;

      @Override
      public Page<JobEvent> listEvents(String jobId, String after, int limit) {
        if (++calls > pages) {
          throw new ApiException(ApiException.Kind.UNAUTHORIZED, "the run was killed here");
        }
        return api.listEvents(jobId, after, limit);
      }

      @Override
      public Job getJob(String jobId) {
        return api.getJob(jobId);
      }
    };
  }

  @Test
  void aKilledFirstReadKeepsItsPagesAndTheNextRunContinuesFromThem() {
    FakeTime time = new FakeTime(T0);
    ScriptedGateway api = new ScriptedGateway(time);
    api.status(T0, "running");
    for (int i = 0; i < 1000; i++) {
      api.event(T0 + i, "event " + i, Map.of());
    }
    time.advance(Duration.ofSeconds(1000));
    Path file = tmp.resolve("events.jsonl");

    try (FileEventStore store = FileEventStore.open(file)) {
      EventFollower first =
          new EventFollower(
              dyingAfter(api, 6),
              ScriptedGateway.JOB,
              store,
              new RecordingListener(),
              time,
              time,
              FollowOptions.defaults());
      assertThrows(ApiException.class, first::readNew);
      assertEquals(0, store.size(), "nothing reported, so nothing in the store's order yet");
    }
    // new events arrive while no one follows
    for (int i = 1000; i < 1010; i++) {
      api.event(T0 + i, "event " + i, Map.of());
    }
    time.advance(Duration.ofSeconds(10));
    int callsBefore = api.listEventsCalls;

    RecordingListener seen = new RecordingListener();
    try (FileEventStore store = FileEventStore.open(file)) {
      EventFollower second =
          new EventFollower(
              api, ScriptedGateway.JOB, store, seen, time, time, FollowOptions.defaults());
      List<JobEvent> fresh = second.readNew();
      assertEquals(api.timeline(), fresh, "every event once, oldest first");
      assertEquals(api.timeline(), store.events());
      assertEquals(api.timeline(), seen.events);
      // one page from the top down to the kept pages, then the 4 pages older than them
      assertEquals(
          1 + 4, api.listEventsCalls - callsBefore, "the 6 pages kept were not fetched again");
    }
    try (FileEventStore reopened = FileEventStore.open(file)) {
      assertEquals(api.timeline(), reopened.events());
      EventFollower third =
          new EventFollower(
              api,
              ScriptedGateway.JOB,
              reopened,
              new RecordingListener(),
              time,
              time,
              FollowOptions.defaults());
      assertEquals(List.of(), third.readNew(), "no held pages are left over");
    }
  }
}
