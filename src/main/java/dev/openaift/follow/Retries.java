package dev.openaift.follow;

import dev.openaift.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The retry policy of the follow loop, for any call: rate limits, server errors and dropped
 * connections ({@link ApiException.Kind#transientFault()}) are tried again after {@link
 * FollowOptions#retryBase()}, doubling up to {@link FollowOptions#retryMax()}, until one call has
 * kept failing for {@link FollowOptions#giveUpAfter()} (by the clock); then its last fault is
 * thrown. Other errors are thrown at once. These retries come on top of the SDK's own.
 */
public final class Retries {
  /** Waits between attempts; may throw to stop (an interrupt, a cancel). */
  @FunctionalInterface
  public interface Waits {
    void sleep(Duration wait);
  }

  /** Told of each retry before its wait. */
  @FunctionalInterface
  public interface OnRetry {
    void onRetry(ApiException fault, int attempt, Duration wait);
  }

  private final Clock clock;
  private final FollowOptions options;

  public Retries(Clock clock, FollowOptions options) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
  }

  public <T> T call(Supplier<T> call, OnRetry onRetry, Waits waits) {
    Instant firstFault = null;
    int attempt = 0;
    while (true) {
      try {
        return call.get();
      } catch (ApiException e) {
        if (!e.kind().transientFault()) {
          throw e;
        }
        Instant now = clock.instant();
        if (firstFault == null) {
          firstFault = now;
        }
        if (Duration.between(firstFault, now).compareTo(options.giveUpAfter()) >= 0) {
          throw e;
        }
        attempt++;
        Duration wait = waitBefore(attempt);
        onRetry.onRetry(e, attempt, wait);
        waits.sleep(wait);
      }
    }
  }

  private Duration waitBefore(int attempt) {
    Duration wait = options.retryBase();
    for (int i = 1; i < attempt && wait.compareTo(options.retryMax()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(options.retryMax()) > 0 ? options.retryMax() : wait;
  }
}
