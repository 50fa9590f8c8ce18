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

  /** Releases connections and threads; the default does nothing. */
  @Override
  default void close() {}
}
