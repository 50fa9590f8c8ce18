package dev.openaift.follow;

import java.time.Duration;

/**
 * How the follow loop paces itself.
 *
 * @param pollInterval the wait between polls while things change (default 2 s)
 * @param maxPollInterval the longest wait between polls: the wait grows by half each quiet poll up
 *     to this, and drops back to {@code pollInterval} on a new event or status (default 10 s)
 * @param pageSize events per request (the API allows up to 100)
 * @param retryBase the first wait after a transient fault, doubling per retry of the same call
 * @param retryMax the longest wait between retries
 * @param giveUpAfter how long one call may keep failing before its last fault is thrown
 */
public record FollowOptions(
    Duration pollInterval,
    Duration maxPollInterval,
    int pageSize,
    Duration retryBase,
    Duration retryMax,
    Duration giveUpAfter) {

  public FollowOptions {
    requirePositive(pollInterval, "poll interval");
    requirePositive(retryBase, "retry wait");
    if (maxPollInterval.compareTo(pollInterval) < 0) {
      throw new IllegalArgumentException(
          "the longest poll interval is shorter than the poll interval");
    }
    if (retryMax.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException("the longest retry wait is shorter than the first");
    }
    if (pageSize < 1 || pageSize > 100) {
      throw new IllegalArgumentException("page size must be 1 to 100, not " + pageSize);
    }
    if (giveUpAfter.isNegative()) {
      throw new IllegalArgumentException("give-up time must not be negative");
    }
  }

  public static FollowOptions defaults() {
    return new FollowOptions(
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        100,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(10));
  }

  public FollowOptions withPollInterval(Duration interval) {
    Duration max = maxPollInterval.compareTo(interval) < 0 ? interval : maxPollInterval;
    return new FollowOptions(interval, max, pageSize, retryBase, retryMax, giveUpAfter);
  }

  public FollowOptions withPageSize(int size) {
    return new FollowOptions(pollInterval, maxPollInterval, size, retryBase, retryMax, giveUpAfter);
  }

  public FollowOptions withGiveUpAfter(Duration duration) {
    return new FollowOptions(
        pollInterval, maxPollInterval, pageSize, retryBase, retryMax, duration);
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
  }
}
