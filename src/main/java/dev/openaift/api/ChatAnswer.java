package dev.openaift.api;

/**
 * The first choice of a {@code chat.completion}, with the usage figures.
 *
 * @param model the model that answered, as the API names it
 * @param content the assistant's text ("" when the API sent none)
 * @param finishReason {@code stop}, {@code length}, ... or null
 * @param promptTokens null when the API did not say
 * @param completionTokens null when the API did not say
 * @param totalTokens null when the API did not say
 */
public record ChatAnswer(
    String id,
    String model,
    String content,
    String finishReason,
    Long promptTokens,
    Long completionTokens,
    Long totalTokens) {
  public ChatAnswer {
    content = content == null ? "" : content;
  }
}
