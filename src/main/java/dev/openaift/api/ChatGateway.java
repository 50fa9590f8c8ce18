package dev.openaift.api;

/**
 * Chat completions with the whole request under the caller's control: what {@code record} and
 * {@code eval} use. {@link OpenAiGateway} implements it; tests implement it with a lambda.
 */
@FunctionalInterface
public interface ChatGateway extends AutoCloseable {

  /**
   * {@code POST /chat/completions} with {@code request}'s messages and parameters.
   *
   * @throws ApiException on failure; for a 429 (and a 503 with a {@code Retry-After}), {@link
   *     ApiException#retryAfter()} says how long the API asked to wait
   */
  ChatCompletion complete(ChatRequest request);

  /**
   * Where the answers come from; null when not known (a test's stand-in). {@code record} and {@code
   * eval} keep it in a recording's header and refuse to mix answers from two endpoints.
   */
  default Endpoint endpoint() {
    return null;
  }

  /** Releases connections and threads; the default does nothing. */
  @Override
  default void close() {}
}
