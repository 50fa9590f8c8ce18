package dev.openaift;

import dev.openaift.api.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Waits in tests for a fact that another thread, process or server brings about: checks it every
 * {@link #POLL} until it holds, and fails with what was awaited once the deadline has passed. An
 * interrupt ends the wait with a failure and leaves the thread's interrupt flag set.
 */
public final class Await {
  /** How often the fact is checked again. */
  public static final Duration POLL = Duration.ofMillis(10);

  /** A fact to check; it may throw (what it throws ends the wait). */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** Reads the current state of what is awaited; it may throw (what it throws ends the wait). */
  @FunctionalInterface
  public interface Probe<T> {
    T read() throws Exception;
  }

  private Await() {}

  /**
   * Returns once {@code condition} holds; fails naming {@code what} when it still does not hold
   * after {@code deadline}.
   */
  public static void until(String what, Duration deadline, Condition condition) {
    until(what, deadline, condition::holds, Boolean::booleanValue);
  }

  /**
   * Reads {@code probe} until its value passes {@code done} and returns that value; fails naming
   * {@code what} and the last value read when none did before {@code deadline}.
   */
  public static <T> T until(String what, Duration deadline, Probe<T> probe, Predicate<T> done) {
    return until(what, deadline, probe, done, System::nanoTime, Sleeper.system());
  }

  /** As above, with the time source and the sleeper given (tests of this class). */
  static <T> T until(
      String what,
      Duration deadline,
      Probe<T> probe,
      Predicate<T> done,
      LongSupplier nanoTime,
      Sleeper sleeper) {
    Objects.requireNonNull(what, "what");
    long end = nanoTime.getAsLong() + deadline.toNanos();
    while (true) {
      // the fact is checked once more at the deadline: a slow machine gets the full time
      boolean late = nanoTime.getAsLong() - end >= 0;
      T value = read(what, probe);
      if (done.test(value)) {
        return value;
      }
      if (late) {
        throw new AssertionError(
            "gave up after " + seconds(deadline) + " waiting for " + what + lastSeen(value));
      }
      try {
        sleeper.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what + lastSeen(value), e);
      }
    }
  }

  private static <T> T read(String what, Probe<T> probe) {
    try {
      return probe.read();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    } catch (Exception e) {
      throw new AssertionError("failed while waiting for " + what + ": " + e, e);
    }
  }

  private static String lastSeen(Object value) {
    return value instanceof Boolean ? "" : " (last seen: " + value + ")";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
