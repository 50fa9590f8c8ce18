package dev.openaift.api;

import java.time.Duration;

/**
 * Waits. Injected wherever the tool waits (API retries, the follow loop) so tests run without real
 * sleeping: a fake sleeper advances a fake {@link java.time.Clock} instead.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits for {@code duration}; an interrupt ends the wait early with {@link InterruptedException}.
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Waits for {@code duration} as the API's callers do: an interrupt keeps the thread's interrupt
   * flag and ends the wait with an {@link ApiException} of kind {@code INTERRUPTED} saying
   * "interrupted while waiting " + {@code waitingFor}.
   *
   * @param waitingFor what was waited for, e.g. {@code to retry}
   */
  default void sleepOrStop(Duration duration, String waitingFor) {
    try {
      sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          ApiException.Kind.INTERRUPTED, 0, "interrupted while waiting " + waitingFor, e);
    }
  }

  /** The real thing: {@link Thread#sleep(long)}. */
  static Sleeper system() {
    return duration -> {
      if (!duration.isNegative() && !duration.isZero()) {
        Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
      }
    };
  }
}
