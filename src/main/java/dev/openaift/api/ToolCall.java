package dev.openaift.api;

/**
 * A function call in a chat completion's message.
 *
 * @param id the call's id ({@code call_...}), or null
 * @param name the function's name
 * @param arguments the arguments exactly as the model wrote them: JSON text that may be invalid (a
 *     non-strict call, or one cut at the token limit)
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    arguments = arguments == null ? "" : arguments;
  }
}
