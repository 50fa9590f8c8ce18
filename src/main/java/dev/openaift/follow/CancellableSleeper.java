package dev.openaift.follow;

import dev.openaift.api.Sleeper;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real sleeper whose waits end at once, now and later, after {@link #cancel()}: a Ctrl-C handler
 * cancels the follow loop and this sleeper, so the loop notices within one request instead of after
 * its current wait. The thread is not interrupted, so no file being written is closed under it.
 */
public final class CancellableSleeper implements Sleeper {
  private final CountDownLatch cancelled = new CountDownLatch(1);

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    cancelled.await(duration.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Ends the current wait and makes every later wait return at once. */
  public void cancel() {
    cancelled.countDown();
  }

  public boolean isCancelled() {
    return cancelled.getCount() == 0;
  }
}
