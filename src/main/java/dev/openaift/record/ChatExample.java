package dev.openaift.record;

import dev.openaift.api.ChatMessage;
import java.util.List;
import java.util.Objects;

/**
 * One example of a chat-format data file, split for evaluation: the prompt is every message before
 * the example's last assistant message, the expected answer is that message's text.
 *
 * @param index    0-based position among the file's examples (blank lines do not count)
 * @param line     1-based line of the file
 * @param prompt   the messages sent to a model (at least one)
 * @param expected the last assistant message's text
 */
public record ChatExample(int index, long line, List<ChatMessage> prompt, String expected) {
  public ChatExample {
    prompt = List.copyOf(prompt);
    Objects.requireNonNull(expected, "expected");
    if (prompt.isEmpty()) {
      throw new IllegalArgumentException("an example needs at least one prompt message");
    }
  }

  /** The hex SHA-256 of the prompt in its canonical JSON form (see {@link RecordingJson#promptHash}). */
  public String promptHash() {
    return RecordingJson.promptHash(prompt);
  }
}
