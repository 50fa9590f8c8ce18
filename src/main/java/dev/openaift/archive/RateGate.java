package dev.openaift.archive;

import dev.openaift.api.ApiException;
import dev.openaift.api.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The pause a rate limit imposes on every worker of a backup: the limit belongs to the account, not
 * to one request, so when one request is refused with a wait ({@code retry-after-ms}, {@code
 * Retry-After}, {@code x-ratelimit-reset-*}; see {@link ApiException#retryAfter()}) no worker sends
 * another before that wait is over. The same idea as {@code record}'s batch gate.
 */
final class RateGate {
  private final Clock clock;
  private final Sleeper sleeper;
  private Instant until = Instant.MIN;

  RateGate(Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Closes the gate for {@code wait} from now (never shortens a longer pause). */
  synchronized void closeFor(Duration wait) {
    Instant end = clock.instant().plus(wait);
    if (end.isAfter(until)) {
      until = end;
    }
  }

  /** Waits (once, through the sleeper) until the gate is open. */
  void pass() {
    Duration left;
    synchronized (this) {
      left = Duration.between(clock.instant(), until);
    }
    if (left.isNegative() || left.isZero()) {
      return;
    }
    sleeper.sleepOrStop(left, "for the rate limit");
  }

  /** Notes a refused request's wait, when it was a rate limit that said how long. */
  void observe(ApiException e) {
    if (e.kind() == ApiException.Kind.RATE_LIMITED) {
      e.retryAfter().ifPresent(this::closeFor);
    }
  }
}
