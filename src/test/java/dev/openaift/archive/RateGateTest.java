package dev.openaift.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.openaift.api.ApiException;
import dev.openaift.api.Sleeper;
import dev.openaift.follow.FollowOptions;
import dev.openaift.follow.Retries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate limit's wait is honoured and shared by every worker of a backup. */
class RateGateTest {
  /** A clock that moves only when the sleeper sleeps. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-29T12:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();

    final Sleeper sleeper =
        d -> {
          sleeps.add(d);
          now = now.plus(d);
        };

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static ApiException rateLimited(Duration retryAfter) {
    return new ApiException(
        ApiException.Kind.RATE_LIMITED, 429, "Rate limit reached", null, retryAfter);
  }

  @Test
  void aRateLimitsWaitIsHonouredBeforeTheNextAttemptEvenWhenTheBackoffIsShorter() {
    ManualClock clock = new ManualClock();
    RetryingGateway g =
        new RetryingGateway(
            null,
            new Retries(clock, FollowOptions.defaults()),
            (e, attempt, wait) -> {},
            d -> {
              clock.sleeps.add(d);
              clock.now = clock.now.plus(d);
            },
            new RateGate(clock, clock.sleeper));
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
    ManualClock clock = new ManualClock();
    RateGate gate = new RateGate(clock, clock.sleeper);
    gate.observe(rateLimited(Duration.ofMillis(2500)));
    clock.now = clock.now.plusMillis(500); // the other worker comes half a second later
    gate.pass();
    assertEquals(List.of(Duration.ofMillis(2000)), clock.sleeps);
    gate.pass();
    assertEquals(1, clock.sleeps.size(), "open again: no more waiting");
    gate.observe(new ApiException(ApiException.Kind.SERVER, 500, "boom", null, null));
    gate.pass();
    assertEquals(1, clock.sleeps.size(), "a server error pauses nobody else");
  }
}
