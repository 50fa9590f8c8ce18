package dev.openaift.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openaift.metrics.HelperThreads.Helper;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HelperThreadsTest {

  @Test
  void joinReturnsTheResultComputedOnTheNamedThread() {
    try (Helper<String> h =
        HelperThreads.start("helper-test", () -> Thread.currentThread().getName())) {
      assertEquals("helper-test", h.join());
    }
  }

  @Test
  void theTasksRuntimeExceptionAndErrorAreThrownAsTheyAre() {
    IllegalArgumentException boom = new IllegalArgumentException("bad cell");
    assertSame(boom, thrownByJoin("t", boom));
    OutOfMemoryError oom = new OutOfMemoryError("test");
    assertSame(oom, thrownByJoin("t", oom));
  }

  @Test
  void aCheckedExceptionIsWrappedNamingTheHelper() {
    IOException io = new IOException("disk");
    Throwable e = thrownByJoin("metrics-csv", io);
    assertEquals(IllegalStateException.class, e.getClass());
    assertSame(io, e.getCause());
    assertTrue(e.getMessage().startsWith("metrics-csv failed"), e.getMessage());
  }

  /** What {@link Helper#join} throws for a task named {@code name} that throws {@code failure}. */
  private static Throwable thrownByJoin(String name, Throwable failure) {
    try (Helper<Object> h =
        HelperThreads.start(
            name,
            () -> {
              if (failure instanceof Exception e) {
                throw e;
              }
              throw (Error) failure;
            })) {
      return assertThrows(Throwable.class, h::join);
    }
  }

  @Test
  void whenTheCallerFailsTheHelperIsInterruptedWaitedForAndItsFailureSuppressed() {
    AtomicReference<Thread> thread = new AtomicReference<>();
    IllegalStateException helperFailure = new IllegalStateException("helper failed too");
    RuntimeException thrown =
        callerFailsWhile(
            () -> {
              thread.set(Thread.currentThread());
              try {
                new CountDownLatch(1).await(); // until interrupted
              } catch (InterruptedException e) {
                throw helperFailure;
              }
              return null;
            });
    assertEquals(1, thrown.getSuppressed().length);
    assertSame(helperFailure, thrown.getSuppressed()[0]);
    assertFalse(thread.get().isAlive(), "the helper ended before the caller went on");
  }

  @Test
  void aHelperThatEndsByItsInterruptAddsNothingToTheCallersFailure() {
    RuntimeException thrown =
        callerFailsWhile(
            () -> {
              new CountDownLatch(1).await();
              return null;
            });
    assertEquals(0, thrown.getSuppressed().length);
  }

  /**
   * The exception thrown when the caller fails after {@code task} started on the helper: the
   * caller's own.
   */
  private static RuntimeException callerFailsWhile(Callable<Object> task) {
    RuntimeException callerFailure = new RuntimeException("caller failed");
    CountDownLatch started = new CountDownLatch(1);
    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () -> {
              try (Helper<Object> h =
                  HelperThreads.start(
                      "t",
                      () -> {
                        started.countDown();
                        return task.call();
                      })) {
                assertTrue(started.await(30, TimeUnit.SECONDS), "the helper did not start");
                throw callerFailure;
              }
            });
    assertSame(callerFailure, thrown);
    return thrown;
  }

  @Test
  void anInterruptWhileJoiningDoesNotCutTheWaitShortAndIsKept() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Object> result = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try (Helper<String> h =
                  HelperThreads.start(
                      "t",
                      () -> {
                        release.await(30, TimeUnit.SECONDS);
                        return "done";
                      })) {
                Thread.currentThread().interrupt();
                result.set(h.join());
                stillInterrupted.set(Thread.currentThread().isInterrupted());
              } catch (RuntimeException e) {
                result.set(e);
              }
            });
    caller.start();
    release.countDown();
    caller.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(caller.isAlive(), "the caller did not finish");
    assertEquals("done", result.get());
    assertTrue(stillInterrupted.get());
  }
}
