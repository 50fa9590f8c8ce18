package dev.openaift.api;

/**
 * The answer to a {@link ChatRequest}: the first choice, the usage and what identifies the serving
 * system, plus how long the request took.
 *
 * @param id the completion's id ({@code chatcmpl-...}), or null
 * @param model the model that answered, as the API names it (a base alias resolves to a snapshot)
 * @param content the assistant's text ("" when the API sent none)
 * @param finishReason {@code stop}, {@code length}, {@code content_filter}, ... or null
 * @param promptTokens null when the API did not say
 * @param completionTokens null when the API did not say
 * @param totalTokens null when the API did not say
 * @param systemFingerprint the backend configuration that served the request, or null
 * @param latencyMs wall time of the successful HTTP request in milliseconds (sending to the parsed
 *     answer; waits of earlier failed attempts are not included)
 * @param toolCalls the function calls of the first choice's message, in order (empty for none)
 * @param raw the whole {@code chat.completion} object as the API sent it, or null
 */
public record ChatCompletion(
    String id,
    String model,
    String content,
    String finishReason,
    Long promptTokens,
    Long completionTokens,
    Long totalTokens,
    String systemFingerprint,
    long latencyMs,
    java.util.List<ToolCall> toolCalls,
    com.fasterxml.jackson.databind.JsonNode raw) {
  public ChatCompletion {
    content = content == null ? "" : content;
    toolCalls = toolCalls == null ? java.util.List.of() : java.util.List.copyOf(toolCalls);
  }
}
