package dev.openaift.generate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of {@code chat_completions.jsonl}: the answer to one topic's request, as the API sent
 * it.
 *
 * @param topicIndex the topic's position in {@code topics}
 * @param topic the topic
 * @param requestSha256 SHA-256 of the request that was sent (a changed config changes it)
 * @param recordedAt ISO-8601 instant the answer arrived
 * @param latencyMs wall time of the successful request
 * @param response the {@code chat.completion} object
 */
public record GeneratedAnswer(
    int topicIndex,
    String topic,
    String requestSha256,
    String recordedAt,
    long latencyMs,
    JsonNode response) {

  /** The usage figure {@code field} ({@code prompt_tokens}, ...), 0 when the API did not say. */
  public long usage(String field) {
    return response.path("usage").path(field).asLong(0);
  }
}
