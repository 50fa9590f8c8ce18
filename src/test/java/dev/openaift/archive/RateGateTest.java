package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.openaift.api.ApiException;
import dev.openaift.follow.FakeTime;
import dev.openaift.follow.FollowOptions;
import dev.openaift.follow.Retries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate limit's wait is honoured and shared by every worker of a backup. */
class RateGateTest {
  /** Where the tests' clock starts; it moves only when its sleeper sleeps (FakeTime). */
  private static final long START = Instant.parse("2026-11-29T12:00:00Z").getEpochSecond();

  static ApiException rateLimited(Duration retryAfter) {
    return new ApiException(
        ApiException.Kind.RATE_LIMITED, 429, "Rate limit reached", null, retryAfter);
  }

  @Test
  void aRateLimitsWaitIsHonouredBeforeTheNextAttemptEvenWhenTheBackoffIsShorter() {
    FakeTime clock = new FakeTime(START);
    RetryingGateway g =
        new RetryingGateway(
            null,
            new Retries(clock, FollowOptions.defaults()),
            (e, attempt, wait) -> {},
            clock::sleep,
            new RateGate(clock, clock));
    Instant start = clock.instant();
    List<Instant> attempts = new ArrayList<>();
    String answer =
        g.retried(
            () -> {
              attempts.add(clock.instant());
              if (attempts.size() == 1) {
                throw rateLimited(Duration.ofSeconds(7));
              }
              return "ok";
            });
    assertEquals("ok", answer);
    assertEquals(2, attempts.size());
    assertEquals(
        Duration.ofSeconds(7),
        Duration.between(start, attempts.get(1)),
        "the second attempt waits the 7 s the API asked for: " + clock.sleeps);
  }

  @Test
  void anotherWorkerWaitsForThePauseOneRateLimitImposed() {
    FakeTime clock = new FakeTime(START);
    RateGate gate = new RateGate(clock, clock);
    gate.observe(rateLimited(Duration.ofMillis(2500)));
    clock.advance(Duration.ofMillis(500)); // the other worker comes half a second later
    gate.pass();
    assertEquals(List.of(Duration.ofMillis(2000)), clock.sleeps);
    gate.pass();
    assertEquals(1, clock.sleeps.size(), "open again: no more waiting");
    gate.observe(new ApiException(ApiException.Kind.SERVER, 500, "boom", null, null));
    gate.pass();
    assertEquals(1, clock.sleeps.size(), "a server error pauses nobody else");
  }
}
