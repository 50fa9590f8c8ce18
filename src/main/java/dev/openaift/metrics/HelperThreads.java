package dev.openaift.metrics;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The one way this code works in the background: a task on one helper thread while the calling
 * thread does its own part, then {@link Helper#join} for the task's result. Used where a report
 * would otherwise leave the second core idle, each with its figure beside it (ReportService: pages
 * beside metrics.csv, then the caller helping with them; ResultFileReader: a large file in two
 * halves; Analyzer: the columns' series in two; TrainerRunReport: the pages warmed while a large
 * state is read, and the state copied while the report is written; Main: a report's graphics
 * started while the command line is parsed): done in order, a 1,000,000-step report needs more CPU
 * time than its target allows as wall time. Everything else runs in order on the calling thread.
 *
 * <p>One rule for failures and interrupts:
 *
 * <ul>
 *   <li>The task's failure is thrown by {@link Helper#join}: its own {@link RuntimeException} or
 *       {@link Error}, a checked exception wrapped in an {@link IllegalStateException} that names
 *       the helper.
 *   <li>When the caller fails first, it leaves the try-with-resources block: {@link Helper#close}
 *       interrupts the task, waits until it ends (no thread outlives the call) and throws the
 *       task's failure, if any, which Java then adds as suppressed to the caller's.
 *   <li>Waiting is not cut short by an interrupt: the task is short work on data in memory. An
 *       interrupt meanwhile is set again on the caller's thread when the wait ends.
 * </ul>
 *
 * <pre>{@code
 * try (Helper<Part> other = HelperThreads.start("reader", () -> parse(secondHalf))) {
 *   Part mine = parse(firstHalf);
 *   return join(mine, other.join());
 * }
 * }</pre>
 */
public final class HelperThreads {
  private HelperThreads() {}

  /** Starts {@code task} on a new daemon thread called {@code name}. */
  public static <T> Helper<T> start(String name, Callable<T> task) {
    return new Helper<>(name, task);
  }

  /** A task running on its helper thread. */
  public static final class Helper<T> implements AutoCloseable {
    private final String name;
    private final FutureTask<T> future;
    private final Thread thread;
    private boolean joined;

    private Helper(String name, Callable<T> task) {
      this.name = name;
      this.future = new FutureTask<>(task);
      this.thread = new Thread(future, name);
      thread.setDaemon(true);
      thread.start();
    }

    /** Waits for the task and returns its result; its failure is thrown here. */
    public T join() {
      joined = true;
      return resultOf(waitFor());
    }

    /**
     * After {@link #join}, nothing. Otherwise (the caller failed or gave up) interrupts the task,
     * waits until its thread ends and throws its failure, if any.
     */
    @Override
    public void close() {
      if (joined) {
        return;
      }
      joined = true;
      thread.interrupt();
      waitFor();
      Throwable failure = failureOf();
      if (failure != null && !(failure instanceof InterruptedException)) {
        throw rethrowable(failure);
      }
    }

    /** Waits until the thread ends; an interrupt meanwhile is set again after. */
    private FutureTask<T> waitFor() {
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return future;
    }

    /** The task's result, or its failure thrown. Call after its thread ended. */
    private T resultOf(FutureTask<T> done) {
      try {
        return done.get(); // does not wait: the task has ended
      } catch (ExecutionException e) {
        throw rethrowable(e.getCause());
      } catch (InterruptedException e) {
        throw new IllegalStateException("not reached: " + name + " has ended", e);
      }
    }

    /** The task's failure, or null when it returned. Call after its thread ended. */
    private Throwable failureOf() {
      try {
        future.get(); // does not wait: the task has ended
        return null;
      } catch (ExecutionException e) {
        return e.getCause();
      } catch (InterruptedException e) {
        throw new IllegalStateException("not reached: " + name + " has ended", e);
      }
    }

    private RuntimeException rethrowable(Throwable failure) {
      if (failure instanceof RuntimeException re) {
        return re;
      }
      if (failure instanceof Error err) {
        throw err;
      }
      return new IllegalStateException(name + " failed: " + failure, failure);
    }
  }
}
