package dev.openaift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.follow.FakeTime;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
  /** A time that moves only when the wait sleeps. */
  private final FakeTime time = new FakeTime(0);

  private long nanos() {
    return time.instant().getEpochSecond() * 1_000_000_000L + time.instant().getNano();
  }

  @Test
  void returnsTheFirstValueThatPassesAndSleepsBetweenChecks() {
    AtomicInteger reads = new AtomicInteger();
    int seen =
        Await.until(
            "the third read",
            Duration.ofSeconds(1),
            reads::incrementAndGet,
            n -> n == 3,
            this::nanos,
            time);
    assertEquals(3, seen);
    assertEquals(2, time.sleeps.size(), "one pause between two reads");
    assertTrue(time.sleeps.stream().allMatch(Await.POLL::equals));
  }

  @Test
  void failsWithWhatItAwaitedAndTheLastValueAtTheDeadline() {
    AtomicInteger reads = new AtomicInteger();
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                Await.until(
                    "the job to end",
                    Duration.ofMillis(100),
                    () -> "running " + reads.incrementAndGet(),
                    s -> false,
                    this::nanos,
                    time));
    assertEquals(
        "gave up after 100 ms waiting for the job to end (last seen: running 11)", e.getMessage());
    assertEquals(11, reads.get(), "checked every 10 ms, and once more at the deadline");
  }

  @Test
  void aConditionThatNeverHoldsFailsInRealTimeToo() {
    long start = System.nanoTime();
    AssertionError e =
        assertThrows(
            AssertionError.class, () -> Await.until("nothing", Duration.ofMillis(50), () -> false));
    assertEquals("gave up after 50 ms waiting for nothing", e.getMessage());
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(50).toNanos());
  }

  @Test
  void anInterruptEndsTheWaitAndStaysSet() {
    Thread.currentThread().interrupt();
    try {
      AssertionError e =
          assertThrows(
              AssertionError.class,
              () -> Await.until("a file", Duration.ofSeconds(30), () -> false));
      assertEquals("interrupted while waiting for a file", e.getMessage());
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void whatTheConditionThrowsEndsTheWait() {
    AssertionError checked =
        assertThrows(
            AssertionError.class,
            () ->
                Await.until(
                    "a log line",
                    Duration.ofSeconds(30),
                    () -> {
                      throw new IOException("disk gone");
                    }));
    assertEquals(
        "failed while waiting for a log line: java.io.IOException: disk gone",
        checked.getMessage());
    IllegalStateException unchecked =
        assertThrows(
            IllegalStateException.class,
            () ->
                Await.until(
                    "a log line",
                    Duration.ofSeconds(30),
                    () -> {
                      throw new IllegalStateException("process ended");
                    }));
    assertEquals("process ended", unchecked.getMessage());
  }

  @Test
  void aConditionThatAlreadyHoldsDoesNotWait() {
    Await.until("now", Duration.ZERO, () -> true, b -> b, this::nanos, time);
    assertEquals(0, time.sleeps.size());
  }
}
