package dev.openaift.record;

import dev.openaift.api.ApiException;
import dev.openaift.api.ChatCompletion;
import dev.openaift.api.ChatGateway;
import dev.openaift.api.ChatRequest;
import dev.openaift.api.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends chat requests that cost money, each once, with bounded concurrency and retries; what {@code
 * record} and {@code generate} share. Each task's answer is handed to the task the moment it
 * arrives (which saves it), so a killed run loses at most the requests in flight.
 *
 * <p><b>Concurrency.</b> At most {@code concurrency} workers take the tasks in order.
 * <b>Retries.</b> The gateway should not retry by itself (give it a connection with 0 retries): a
 * rate limit, server error or network fault is retried here, up to {@code maxAttempts} attempts per
 * task, after the wait the API asked for ({@code retry-after-ms}, {@code Retry-After}, {@code
 * x-ratelimit-reset-*}; see {@link ApiException#retryAfter()}) or else an exponential backoff (1 s
 * doubling, at most 30 s). A rate limit pauses every worker until its wait is over, since the limit
 * is shared. Any other error (unknown model, bad request, bad key) stops the run at once. In both
 * cases what was saved stays saved and the error is rethrown once the requests in flight have
 * ended.
 */
public final class ChatBatch {
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** One request and what to do with its answer. */
  public interface Task {
    ChatRequest request();

    /** Saves the answer; whether it was new (false: an answer for this task was saved already). */
    boolean accept(ChatCompletion completion);
  }

  /**
   * What a batch reports while it works (called from worker threads; implementations synchronise).
   */
  public interface Listener<T extends Task> {
    /** A task's answer was saved. */
    default void done(T task) {}

    /** A request failed and is retried after {@code wait}. */
    default void retrying(T task, ApiException fault, int attempt, Duration wait) {}
  }

  /**
   * How a run ended.
   *
   * @param asked tasks answered and saved in this run
   * @param retries failed attempts that were retried
   */
  public record Result(int asked, int retries) {}

  private final ChatGateway gateway;
  private final Clock clock;
  private final Sleeper sleeper;

  public ChatBatch(ChatGateway gateway, Clock clock, Sleeper sleeper) {
    this.gateway = gateway;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Sends every task's request.
   *
   * @param concurrency requests in flight at most, at least 1
   * @param maxAttempts attempts per task before the run gives up, at least 1
   * @throws ApiException the first error that stopped the run (kind {@code INTERRUPTED} when the
   *     calling thread was interrupted); what was saved before it stays saved
   */
  public <T extends Task> Result run(
      List<T> tasks, int concurrency, int maxAttempts, Listener<T> listener) {
    if (concurrency < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("concurrency and attempts must be at least 1");
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger asked = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Gate gate = new Gate();
    int workers = Math.min(concurrency, Math.max(1, tasks.size()));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "openai-ft-chat-batch");
              t.setDaemon(true);
              return t;
            });
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      futures.add(
          pool.submit(
              () -> {
                while (failure.get() == null && !Thread.currentThread().isInterrupted()) {
                  int i = next.getAndIncrement();
                  if (i >= tasks.size()) {
                    return;
                  }
                  try {
                    if (ask(tasks.get(i), maxAttempts, gate, retries, listener)) {
                      asked.incrementAndGet();
                    }
                  } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    return;
                  }
                }
              }));
    }
    pool.shutdown();
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      awaitQuietly(pool); // the answers being appended are appended (appends are not interruptible)
      Thread.currentThread().interrupt();
      throw new ApiException(
          ApiException.Kind.INTERRUPTED,
          0,
          "interrupted; " + asked.get() + " answers saved in this run",
          e);
    } catch (java.util.concurrent.ExecutionException e) {
      failure.compareAndSet(null, new IllegalStateException(e.getCause()));
    }
    RuntimeException f = failure.get();
    if (f != null) {
      throw f;
    }
    return new Result(asked.get(), retries.get());
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException again) {
      Thread.currentThread().interrupt();
    }
  }

  /** One task, with its retries; whether an answer was saved. */
  private <T extends Task> boolean ask(
      T task, int maxAttempts, Gate gate, AtomicInteger retries, Listener<T> listener) {
    ChatRequest request = task.request();
    for (int attempt = 1; ; attempt++) {
      gate.pass(clock);
      ChatCompletion completion;
      try {
        completion = gateway.complete(request);
      } catch (ApiException e) {
        if (!e.kind().transientFault() || attempt >= maxAttempts) {
          throw e;
        }
        int failed = attempt;
        Duration wait = e.retryAfter().orElseGet(() -> backoff(failed));
        if (e.kind() == ApiException.Kind.RATE_LIMITED) {
          gate.closeFor(clock, wait);
        }
        retries.incrementAndGet();
        listener.retrying(task, e, attempt, wait);
        sleep(wait);
        continue;
      }
      boolean saved = task.accept(completion);
      if (saved) {
        listener.done(task);
      }
      return saved;
    }
  }

  static Duration backoff(int attempt) {
    long ms = FIRST_BACKOFF.toMillis() << Math.min(20, attempt - 1);
    return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
  }

  private void sleep(Duration d) {
    sleeper.sleepOrStop(d, "to retry");
  }

  /** The shared pause after a rate limit: no worker sends before {@link #until}. */
  private final class Gate {
    private Instant until = Instant.MIN;

    synchronized void closeFor(Clock c, Duration wait) {
      Instant end = c.instant().plus(wait);
      if (end.isAfter(until)) {
        until = end;
      }
    }

    void pass(Clock c) {
      while (true) {
        Duration left;
        synchronized (this) {
          left = Duration.between(c.instant(), until);
        }
        if (left.isNegative() || left.isZero()) {
          return;
        }
        sleep(left);
      }
    }
  }
}
