package dev.openaift;

import dev.openaift.follow.FakeTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Clocks that make tests independent of the calendar date: model shutdown dates and the end of new
 * fine-tuning jobs are data, so a test that runs a real-time sandbox pins "today" instead of
 * reading it.
 */
public final class TestClocks {
  /**
   * The date the tests treat as today (before every built-in shutdown of gpt-4o and gpt-4.1
   * models).
   */
  public static final String TODAY = "2026-11-29";

  private TestClocks() {}

  /**
   * Reads {@code date}T12:00:00Z when created, then advances with real time (for live sandboxes).
   */
  public static Clock startingAt(String date) {
    Instant start = Instant.parse(date + "T12:00:00Z");
    return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), start));
  }

  /**
   * A fake time at {@link #TODAY}T12:00:00Z that moves only when slept on: commands given it wait
   * no real time.
   */
  public static FakeTime fakeToday() {
    return new FakeTime(Instant.parse(TODAY + "T12:00:00Z").getEpochSecond());
  }

  /** {@link #startingAt} {@link #TODAY}. */
  public static Clock today() {
    return startingAt(TODAY);
  }
}
