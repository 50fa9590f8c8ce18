package dev.openaift.api;

import java.util.Objects;
import java.util.Set;

/**
 * One text message of a chat request.
 *
 * @param role {@code system}, {@code developer}, {@code user} or {@code assistant}
 * @param content the message text (never null)
 * @param name the optional participant name, or null
 */
public record ChatMessage(String role, String content, String name) {
  /** The roles a text conversation may use. */
  public static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException(
          "unsupported role '" + role + "' (expected system, developer, user or assistant)");
    }
  }

  /** A message without a name. */
  public static ChatMessage of(String role, String content) {
    return new ChatMessage(role, content, null);
  }
}
