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
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks a model each example of a data file once and appends every answer to an {@link AnswerLog} the
 * moment it arrives. Examples already in the log are skipped, so a rerun continues where a killed or
 * failed run stopped and never pays for an answer twice.
 *
 * <p><b>Concurrency.</b> {@link Options#concurrency()} workers take the examples in order; at most that
 * many requests are in flight. <b>Retries.</b> The gateway should not retry by itself (give it a
 * connection with 0 retries): a rate limit, server error or network fault is retried here, up to
 * {@link Options#maxAttempts()} attempts per example, after the wait the API asked for
 * ({@code retry-after-ms}, {@code Retry-After}, {@code x-ratelimit-reset-*}; see
 * {@link ApiException#retryAfter()}) or else an exponential backoff (1 s doubling, at most 30 s). A
 * rate limit pauses every worker until its wait is over, since the limit is shared. Any other error
 * (unknown model, bad request, bad key) stops the run at once. In both cases the answers recorded so
 * far stay recorded and the error is rethrown once the in-flight requests have ended.
 */
public final class Recorder {
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /**
   * How to ask.
   *
   * @param model       the model to record
   * @param temperature sent as is (null: the API's default)
   * @param seed        sent as is (null: none)
   * @param maxTokens   {@code max_completion_tokens} (null: none)
   * @param concurrency requests in flight at most, 1 to 64
   * @param maxAttempts attempts per example before the run gives up, at least 1
   */
  public record Options(String model, Double temperature, Long seed, Integer maxTokens, int concurrency, int maxAttempts) {
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int DEFAULT_MAX_ATTEMPTS = 6;

    public Options {
      Objects.requireNonNull(model, "model");
      if (concurrency < 1 || concurrency > 64) {
        throw new IllegalArgumentException("concurrency must be 1 to 64, got " + concurrency);
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1, got " + maxAttempts);
      }
    }

    /** The request for one example. */
    public ChatRequest request(ChatExample example) {
      return new ChatRequest(model, example.prompt(), temperature, seed, maxTokens);
    }

    /** The header of a recording made with these options from {@code data}. */
    public RecordingHeader header(ChatData data, Instant now) {
      return new RecordingHeader(model, data.sha256(), String.valueOf(data.file().getFileName()), data.examples().size(),
          temperature, seed, maxTokens, now);
    }
  }

  /** What a recorder reports while it works (called from worker threads; implementations synchronise). */
  public interface Listener {
    /** An answer was appended to the log. */
    default void recorded(RecordedAnswer answer) {}

    /** A request failed and is retried after {@code wait}. */
    default void retrying(ChatExample example, ApiException fault, int attempt, Duration wait) {}

    /** A listener that reports nothing. */
    static Listener silent() {
      return new Listener() {};
    }
  }

  /**
   * How a run ended.
   *
   * @param asked    the examples asked in this run (recorded now)
   * @param retries  failed attempts that were retried
   */
  public record Result(int asked, int retries) {}

  private final ChatGateway gateway;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Listener listener;

  public Recorder(ChatGateway gateway, Clock clock, Sleeper sleeper, Listener listener) {
    this.gateway = gateway;
    this.clock = clock;
    this.sleeper = sleeper;
    this.listener = listener;
  }

  /**
   * Asks every example of {@code examples} that {@code log} does not hold yet.
   *
   * @throws ApiException the first error that stopped the run (kind {@code INTERRUPTED} when the
   *     calling thread was interrupted); what was recorded before it stays in the log
   */
  public Result record(List<ChatExample> examples, AnswerLog log, Options options) {
    List<ChatExample> todo = new ArrayList<>();
    for (ChatExample e : examples) {
      if (!log.contains(e.index())) {
        todo.add(e);
      }
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger asked = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Gate gate = new Gate();
    int workers = Math.min(options.concurrency(), Math.max(1, todo.size()));
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "openai-ft-record");
      t.setDaemon(true);
      return t;
    });
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      futures.add(pool.submit(() -> {
        while (failure.get() == null && !Thread.currentThread().isInterrupted()) {
          int i = next.getAndIncrement();
          if (i >= todo.size()) {
            return;
          }
          try {
            if (ask(todo.get(i), log, options, gate, retries)) {
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
      Thread.currentThread().interrupt();
      awaitQuietly(pool);
      throw new ApiException(ApiException.Kind.INTERRUPTED, 0, "interrupted; " + asked.get() + " answers recorded in this run", e);
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

  /** One example, with its retries; whether an answer was appended. */
  private boolean ask(ChatExample example, AnswerLog log, Options options, Gate gate, AtomicInteger retries) {
    ChatRequest request = options.request(example);
    for (int attempt = 1; ; attempt++) {
      gate.pass(clock, sleeper);
      ChatCompletion completion;
      try {
        completion = gateway.complete(request);
      } catch (ApiException e) {
        if (!e.kind().transientFault() || attempt >= options.maxAttempts()) {
          throw e;
        }
        int failed = attempt;
        Duration wait = e.retryAfter().orElseGet(() -> backoff(failed));
        if (e.kind() == ApiException.Kind.RATE_LIMITED) {
          gate.closeFor(clock, wait);
        }
        retries.incrementAndGet();
        listener.retrying(example, e, attempt, wait);
        sleep(wait);
        continue;
      }
      RecordedAnswer answer = RecordedAnswer.of(example, request, completion, clock.instant());
      boolean appended = log.append(answer);
      if (appended) {
        listener.recorded(answer);
      }
      return appended;
    }
  }

  static Duration backoff(int attempt) {
    long ms = FIRST_BACKOFF.toMillis() << Math.min(20, attempt - 1);
    return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
  }

  private void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiException.Kind.INTERRUPTED, 0, "interrupted while waiting to retry", e);
    }
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

    void pass(Clock c, Sleeper s) {
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
