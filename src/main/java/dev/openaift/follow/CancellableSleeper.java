package dev.openaift.follow;

import dev.openaift.api.Sleeper;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A sleeper whose waits end at once, now and later, after {@link #cancel()}: a Ctrl-C handler
 * cancels the follow loop and this sleeper, so the loop notices within one request instead of after
 * its current wait. The thread is not interrupted, so no file being written is closed under it.
 */
public final class CancellableSleeper implements Sleeper {
  private final CountDownLatch cancelled = new CountDownLatch(1);

  /** Waits until cancelled; null for real time, where a wait is cut short by {@link #cancel()}. */
  private final Sleeper time;

  /** Waits in real time; {@link #cancel()} cuts the current wait short. */
  public CancellableSleeper() {
    this.time = null;
  }

  private CancellableSleeper(Sleeper time) {
    this.time = time;
  }

  /**
   * Waits with {@code time} until {@link #cancel()}; after it, every wait returns at once. A wait
   * already under way runs its course, so {@code time} is one whose waits take no real time: a fake
   * time in tests, which moves a clock instead.
   */
  public static CancellableSleeper over(Sleeper time) {
    if (time == null) {
      throw new IllegalArgumentException("a cancellable sleeper needs the sleeper it waits with");
    }
    return new CancellableSleeper(time);
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isNegative() || duration.isZero() || isCancelled()) {
      return;
    }
    if (time == null) {
      cancelled.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    } else {
      time.sleep(duration);
    }
  }

  /** Ends the current wait and makes every later wait return at once. */
  public void cancel() {
    cancelled.countDown();
  }

  public boolean isCancelled() {
    return cancelled.getCount() == 0;
  }
}
