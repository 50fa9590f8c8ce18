package dev.openaift.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A function the model must call: sent as the request's only {@code tools} entry and forced with
 * {@code tool_choice: {"type": "function", "function": {"name": ...}}}.
 *
 * @param name {@code [A-Za-z0-9_-]}, at most 64
 * @param description what the function is for (the model reads it), or null
 * @param parameters the JSON schema of the arguments
 * @param strict whether to ask for strict structured outputs (the arguments then match the schema;
 *     the schema must follow strict mode's rules and the model must support it)
 */
public record FunctionTool(String name, String description, JsonNode parameters, boolean strict) {
  public FunctionTool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parameters, "parameters");
    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "function name must be 1 to 64 of A-Z a-z 0-9 _ -, got '" + name + "'");
    }
  }
}
