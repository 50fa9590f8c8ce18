package dev.openaift.record;

import dev.openaift.api.ApiException;
import dev.openaift.api.ChatCompletion;
import dev.openaift.api.ChatGateway;
import dev.openaift.api.ChatRequest;
import dev.openaift.api.Endpoint;
import dev.openaift.api.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Asks a model each example of a data file once and appends every answer to an {@link AnswerLog}
 * the moment it arrives. Examples already in the log are skipped, so a rerun continues where a
 * killed or failed run stopped and never pays for an answer twice.
 *
 * <p>The requests are sent by a {@link ChatBatch} (shared with {@code generate}).
 * <b>Concurrency.</b> {@link Options#concurrency()} workers take the examples in order; at most
 * that many requests are in flight. <b>Retries.</b> The gateway should not retry by itself (give it
 * a connection with 0 retries): a rate limit, server error or network fault is retried here, up to
 * {@link Options#maxAttempts()} attempts per example, after the wait the API asked for ({@code
 * retry-after-ms}, {@code Retry-After}, {@code x-ratelimit-reset-*}; see {@link
 * ApiException#retryAfter()}) or else an exponential backoff (1 s doubling, at most 30 s). A rate
 * limit pauses every worker until its wait is over, since the limit is shared. Any other error
 * (unknown model, bad request, bad key) stops the run at once. In both cases the answers recorded
 * so far stay recorded and the error is rethrown once the in-flight requests have ended.
 */
public final class Recorder {

  /**
   * How to ask.
   *
   * @param model the model to record
   * @param endpoint where it is asked (kept in the recording's header)
   * @param temperature sent as is (null: the API's default)
   * @param seed sent as is (null: none)
   * @param maxTokens {@code max_completion_tokens} (null: none)
   * @param concurrency requests in flight at most, 1 to 64
   * @param maxAttempts attempts per example before the run gives up, at least 1
   */
  public record Options(
      String model,
      Endpoint endpoint,
      Double temperature,
      Long seed,
      Integer maxTokens,
      int concurrency,
      int maxAttempts) {
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int DEFAULT_MAX_ATTEMPTS = 6;

    public Options {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(endpoint, "endpoint");
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
      return new RecordingHeader(
          model,
          data.sha256(),
          String.valueOf(data.file().getFileName()),
          data.examples().size(),
          temperature,
          seed,
          maxTokens,
          now,
          endpoint);
    }
  }

  /**
   * What a recorder reports while it works (called from worker threads; implementations
   * synchronise).
   */
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
   * @param asked the examples asked in this run (recorded now)
   * @param retries failed attempts that were retried
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
   * @throws RecordingConflictException when the gateway talks to another endpoint than the one the
   *     log records
   * @throws ApiException the first error that stopped the run (kind {@code INTERRUPTED} when the
   *     calling thread was interrupted); what was recorded before it stays in the log
   */
  public Result record(List<ChatExample> examples, AnswerLog log, Options options) {
    Endpoint answering = gateway.endpoint();
    if (answering != null && !answering.sameServiceAs(log.header().endpoint())) {
      throw new RecordingConflictException(
          "answers from "
              + answering.shown()
              + " cannot go into "
              + log.dir()
              + ", the recording of "
              + log.header().model()
              + " from "
              + log.header().endpoint().shown());
    }
    List<ExampleTask> todo = new ArrayList<>();
    for (ChatExample e : examples) {
      if (!log.contains(e.index())) {
        todo.add(new ExampleTask(e, options.request(e), log));
      }
    }
    ChatBatch.Result r =
        new ChatBatch(gateway, clock, sleeper)
            .run(
                todo,
                options.concurrency(),
                options.maxAttempts(),
                new ChatBatch.Listener<>() {
                  @Override
                  public void done(ExampleTask task) {
                    listener.recorded(task.answer);
                  }

                  @Override
                  public void retrying(
                      ExampleTask task, ApiException fault, int attempt, Duration wait) {
                    listener.retrying(task.example, fault, attempt, wait);
                  }
                });
    return new Result(r.asked(), r.retries());
  }

  static Duration backoff(int attempt) {
    return ChatBatch.backoff(attempt);
  }

  /** One example: its request, and its answer appended to the log when it comes. */
  private final class ExampleTask implements ChatBatch.Task {
    final ChatExample example;
    final ChatRequest request;
    final AnswerLog log;
    volatile RecordedAnswer answer;

    ExampleTask(ChatExample example, ChatRequest request, AnswerLog log) {
      this.example = example;
      this.request = request;
      this.log = log;
    }

    @Override
    public ChatRequest request() {
      return request;
    }

    @Override
    public boolean accept(ChatCompletion completion) {
      answer = RecordedAnswer.of(example, request, completion, clock.instant());
      return log.append(answer);
    }
  }
}
