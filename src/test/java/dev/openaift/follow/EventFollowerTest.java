package dev.openaift.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.api.ApiException;
import dev.openaift.api.Sleeper;
import dev.openaift.job.Job;
import dev.openaift.job.JobEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFollowerTest {
  private static final long T0 = 1_721_764_800L;

  private final FakeTime time = new FakeTime(T0);
  private final ScriptedGateway api = new ScriptedGateway(time);
  private final RecordingListener seen = new RecordingListener();
  private final InMemoryEventStore store = new InMemoryEventStore();

  /**
   * A job: created at T0, running from T0+5, one metrics event per second for {@code steps} steps.
   */
  private long scriptJob(int steps, String outcome, long lateEventDelay) {
    api.status(T0, "validating_files").status(T0 + 5, "running");
    api.event(T0, "Created fine-tuning job: ftjob-test", Map.of());
    api.event(T0 + 1, "Validating training file: file-train", Map.of());
    for (int s = 1; s <= steps; s++) {
      api.event(
          T0 + 5 + s,
          "Step " + s + "/" + steps,
          Map.of("step", (long) s, "total_steps", (long) steps, "train_loss", 1.0 / s));
    }
    long end = T0 + 6 + steps;
    api.status(end, outcome);
    api.event(end + lateEventDelay, "The job has successfully completed", Map.of());
    return end;
  }

  private EventFollower follower(EventStore s, FollowListener l, Sleeper sleeper) {
    return new EventFollower(
        api, ScriptedGateway.JOB, s, l, time, sleeper, FollowOptions.defaults());
  }

  private EventFollower follower() {
    return follower(store, seen, time);
  }

  @Test
  void followsALiveJobReportingEveryEventOnceOldestFirst() {
    long end = scriptJob(200, "succeeded", 0);
    FollowResult result = follower().follow();

    assertFalse(result.interrupted());
    assertEquals("succeeded", result.job().status());
    assertEquals(api.timeline(), seen.events);
    assertEquals(api.timeline().size(), result.newEvents());
    assertEquals(api.timeline(), store.events());
    assertEquals(1, seen.done.size());
    assertSame(result.job(), seen.done.get(0));
    assertTrue(
        seen.batchSizes.size() > 50,
        "events arrive in many small batches: " + seen.batchSizes.size());
    assertTrue(time.instant().getEpochSecond() >= end, "followed until the end");
    assertTrue(time.sleeps.stream().allMatch(d -> d.compareTo(Duration.ofSeconds(10)) <= 0));
  }

  @Test
  void survivesThirtyPercentFaultsWithoutLosingOrRepeatingEvents() {
    for (long seed = 1; seed <= 5; seed++) {
      FakeTime clock = new FakeTime(T0);
      ScriptedGateway faulty = new ScriptedGateway(clock);
      faulty.status(T0, "running");
      for (int i = 0; i < 400; i++) {
        faulty.event(T0 + i / 3, "event " + i, Map.of());
      }
      faulty.status(T0 + 140, "succeeded");
      faulty.faults(seed, 0.3);
      RecordingListener listener = new RecordingListener();
      InMemoryEventStore events = new InMemoryEventStore();
      FollowResult result =
          new EventFollower(
                  faulty,
                  ScriptedGateway.JOB,
                  events,
                  listener,
                  clock,
                  clock,
                  FollowOptions.defaults().withPageSize(7))
              .follow();

      assertFalse(result.interrupted());
      assertEquals(faulty.timeline(), listener.events, "seed " + seed);
      assertTrue(faulty.faultsThrown > 10, "faults were injected: " + faulty.faultsThrown);
      assertEquals(faulty.faultsThrown, listener.retryWaits.size(), "every fault retried");
    }
  }

  @Test
  void pagesThroughABacklogOfFiveThousandEvents() {
    api.status(T0, "running").status(T0 + 5000, "succeeded");
    for (int i = 0; i < 5000; i++) {
      api.event(T0 + i, "event " + i, Map.of());
    }
    time.advance(Duration.ofDays(1));

    FollowResult result = follower().follow();

    assertEquals(5000, seen.events.size());
    assertEquals(api.timeline(), seen.events);
    assertEquals(List.of(5000), seen.batchSizes, "the backlog is one batch");
    // 50 pages of 100, then one final read after seeing the terminal status
    assertEquals(51, api.listEventsCalls);
    assertEquals(1, api.getJobCalls);
    assertEquals(List.of(), time.sleeps, "a job finished long ago needs no waiting");
    assertNull(api.afters.get(0));
    assertEquals("ftevent-04901", api.afters.get(1), "after = the oldest id of the first page");
    assertEquals(5000, result.newEvents());
  }

  @Test
  void resumesFromASeenSetWithoutRepeating() {
    api.status(T0, "running").status(T0 + 5000, "succeeded");
    for (int i = 0; i < 5000; i++) {
      api.event(T0 + i, "event " + i, Map.of());
    }
    time.advance(Duration.ofDays(1));
    InMemoryEventStore half = new InMemoryEventStore(api.timeline().subList(0, 2500));

    follower(half, seen, time).follow();

    assertEquals(api.timeline().subList(2500, 5000), seen.events);
    assertEquals(5000, half.size());
    // 25 pages of unseen events, the 26th meets a seen one; then the final read
    assertEquals(27, api.listEventsCalls);
  }

  @Test
  void nothingIsReportedTwiceWhenEverythingWasSeen() {
    scriptJob(10, "succeeded", 0);
    time.advance(Duration.ofHours(1));
    InMemoryEventStore all = new InMemoryEventStore(api.timeline());
    FollowResult result = follower(all, seen, time).follow();
    assertEquals(List.of(), seen.events);
    assertEquals(0, result.newEvents());
    assertEquals(1, seen.done.size());
  }

  @Test
  void waitsForEventsThatArriveAfterTheStatusFlips() {
    long end = scriptJob(20, "succeeded", 1);
    follower().follow();
    JobEvent last = seen.events.get(seen.events.size() - 1);
    assertEquals("The job has successfully completed", last.message());
    assertEquals(end + 1, last.createdAt());
    assertEquals(api.timeline(), seen.events);
  }

  @Test
  void keepsReadingWhileLateEventsKeepComing() {
    long end = scriptJob(5, "succeeded", 1);
    api.event(end + 3, "Uploaded result file", Map.of());
    follower().follow();
    assertEquals(api.timeline(), seen.events);
  }

  @Test
  void failedAndCancelledJobsEndTheLoop() {
    api.error("The job failed due to an invalid training file.");
    scriptJob(3, "failed", 0);
    FollowResult failed = follower().follow();
    assertEquals("failed", failed.job().status());
    assertEquals("The job failed due to an invalid training file.", failed.job().errorMessage());
    assertFalse(failed.interrupted());

    FakeTime clock = new FakeTime(T0);
    ScriptedGateway cancelled =
        new ScriptedGateway(clock).status(T0, "running").status(T0 + 30, "cancelled");
    cancelled
        .event(T0, "Created fine-tuning job", Map.of())
        .event(T0 + 30, "Job cancelled", Map.of());
    RecordingListener listener = new RecordingListener();
    FollowResult result =
        new EventFollower(
                cancelled,
                ScriptedGateway.JOB,
                new InMemoryEventStore(),
                listener,
                clock,
                clock,
                FollowOptions.defaults())
            .follow();
    assertEquals("cancelled", result.job().status());
    assertEquals(
        List.of("Created fine-tuning job", "Job cancelled"),
        listener.events.stream().map(JobEvent::message).toList());
  }

  @Test
  void unauthorizedAndNotFoundAreNotRetried() {
    scriptJob(3, "succeeded", 0);
    api.failGetJobWith =
        new ApiException(ApiException.Kind.UNAUTHORIZED, "the API rejected the key");
    ApiException e = assertThrows(ApiException.class, () -> follower().follow());
    assertEquals(ApiException.Kind.UNAUTHORIZED, e.kind());
    assertEquals(1, api.getJobCalls);

    api.failListEventsWith =
        new ApiException(ApiException.Kind.NOT_FOUND, "no fine-tuning job ftjob-test");
    ApiException nf = assertThrows(ApiException.class, () -> follower().follow());
    assertEquals(ApiException.Kind.NOT_FOUND, nf.kind());
    assertEquals(List.of(), seen.retryWaits);
  }

  @Test
  void persistentFaultsAreRetriedWithDoublingWaitsThenThrown() {
    scriptJob(3, "succeeded", 0);
    api.faults(7, 1.0);
    ApiException e = assertThrows(ApiException.class, () -> follower().follow());
    assertTrue(e.kind().transientFault());
    List<Duration> expectedStart =
        List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L).stream().map(Duration::ofSeconds).toList();
    assertEquals(expectedStart, seen.retryWaits.subList(0, 7));
    long waited = seen.retryWaits.stream().mapToLong(Duration::toSeconds).sum();
    assertTrue(waited >= 600 && waited < 630, "gave up after about 10 minutes: " + waited);
  }

  @Test
  void quietPollsBackOffAndNewEventsResetThePace() {
    api.status(T0, "running").status(T0 + 200, "succeeded");
    api.event(T0, "Created fine-tuning job", Map.of());
    api.event(T0 + 60, "Fine-tuning started", Map.of());
    follower().follow();
    List<Long> sleptMillis = time.sleeps.stream().map(Duration::toMillis).toList();
    // first poll: status is new -> 2 s; then quiet: 3, 4.5, 6.75, 10.125 capped to 10 ...
    assertEquals(List.of(2000L, 3000L, 4500L, 6750L, 10000L, 10000L), sleptMillis.subList(0, 6));
    int afterEvent = -1;
    long t = T0;
    for (int i = 0; i < time.sleeps.size(); i++) {
      t += time.sleeps.get(i).toSeconds();
      if (t >= T0 + 60) {
        afterEvent = i + 1;
        break;
      }
    }
    assertEquals(
        2000L, sleptMillis.get(afterEvent), "back to 2 s after a new event: " + sleptMillis);
  }

  @Test
  void cancelStopsCleanlyWithTheLastJob() {
    scriptJob(100, "succeeded", 0);
    EventFollower[] holder = new EventFollower[1];
    RecordingListener cancelling =
        new RecordingListener() {
          @Override
          public void onJob(Job job) {
            super.onJob(job);
            if (jobs.size() == 3) {
              holder[0].cancel();
            }
          }
        };
    holder[0] = follower(store, cancelling, time);
    FollowResult result = holder[0].follow();
    assertTrue(result.interrupted());
    assertNotNull(result.job());
    assertSame(cancelling.jobs.get(2), result.job());
    assertSame(result.job(), holder[0].lastJob());
    assertEquals(List.of(), cancelling.done);
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void interruptDuringASleepStopsAndKeepsTheInterruptFlag() {
    scriptJob(100, "succeeded", 0);
    int[] sleeps = {0};
    Sleeper interruptedThird =
        d -> {
          if (++sleeps[0] == 3) {
            throw new InterruptedException();
          }
          time.sleep(d);
        };
    try {
      FollowResult result = follower(store, seen, interruptedThird).follow();
      assertTrue(result.interrupted());
      assertFalse(result.job().isTerminal());
      assertSame(seen.jobs.get(seen.jobs.size() - 1), result.job());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
    assertEquals(store.events(), seen.events, "what was reported was stored");
  }

  @Test
  void readNewListsEachEventOnce() {
    scriptJob(250, "succeeded", 0);
    time.advance(Duration.ofHours(1));
    EventFollower f = follower();
    List<JobEvent> all = f.readNew();
    assertEquals(api.timeline(), all);
    assertEquals(List.of(), f.readNew());
    assertEquals(List.of(all.size()), seen.batchSizes);
  }

  @Test
  void sameSecondEventsKeepTheApiOrder() {
    JobEvent a = new JobEvent("ftevent-zz", 10, "info", "first", null, null);
    JobEvent b = new JobEvent("ftevent-aa", 10, "info", "second", null, null);
    JobEvent c = new JobEvent("ftevent-mm", 11, "info", "third", null, null);
    JobEvent early = new JobEvent("ftevent-qq", 9, "info", "zeroth", null, null);
    // newest first as the API sends them; "early" came on a later page with a clock step
    List<JobEvent> newestFirst = new ArrayList<>(List.of(c, b, a, early));
    assertEquals(List.of(early, a, b, c), EventFollower.oldestFirst(newestFirst));
    List<JobEvent> skewed = List.of(c, early, b, a);
    assertEquals(List.of(early, a, b, c), EventFollower.oldestFirst(skewed));
  }

  @Test
  void optionsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> FollowOptions.defaults().withPageSize(101));
    assertThrows(
        IllegalArgumentException.class,
        () -> FollowOptions.defaults().withPollInterval(Duration.ZERO));
    assertEquals(
        Duration.ofSeconds(30),
        FollowOptions.defaults().withPollInterval(Duration.ofSeconds(30)).maxPollInterval());
  }
}
