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

  /** The real thing: {@link Thread#sleep(long)}. */
  static Sleeper system() {
    return duration -> {
      if (!duration.isNegative() && !duration.isZero()) {
        Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
      }
    };
  }
}
