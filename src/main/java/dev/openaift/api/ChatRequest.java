package dev.openaift.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A full {@code POST /chat/completions} request (non-streaming, one choice).
 *
 * @param model the model, a fine-tuned model ({@code ft:...}), a checkpoint ({@code
 *     ft:...:ckpt-step-N}) or a base model
 * @param messages the conversation so far, at least one message
 * @param temperature 0 to 2, or null for the API's default
 * @param seed the {@code seed} parameter (best-effort determinism on the service), or null
 * @param maxTokens sent as {@code max_completion_tokens}, or null for no limit
 * @param forcedTool a function the model must call (the answer's {@link
 *     ChatCompletion#toolCalls()}), or null for a text answer
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    Double temperature,
    Long seed,
    Integer maxTokens,
    FunctionTool forcedTool) {
  /** A request for a text answer. */
  public ChatRequest(
      String model, List<ChatMessage> messages, Double temperature, Long seed, Integer maxTokens) {
    this(model, messages, temperature, seed, maxTokens, null);
  }

  /**
   * A text answer to one user message, with an optional system message before it: what {@code chat}
   * asks.
   *
   * @param system the system message, or null for none
   * @param temperature 0 to 2, or null for the API's default
   * @param maxTokens sent as {@code max_completion_tokens}, or null for no limit
   */
  public static ChatRequest prompt(
      String model, String system, String prompt, Double temperature, Integer maxTokens) {
    List<ChatMessage> messages = new ArrayList<>();
    if (system != null) {
      messages.add(ChatMessage.of("system", system));
    }
    messages.add(ChatMessage.of("user", prompt));
    return new ChatRequest(model, messages, temperature, null, maxTokens);
  }

  public ChatRequest {
    Objects.requireNonNull(model, "model");
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be 0 to 2, got " + temperature);
    }
    if (maxTokens != null && maxTokens < 1) {
      throw new IllegalArgumentException("max tokens must be at least 1, got " + maxTokens);
    }
  }
}
