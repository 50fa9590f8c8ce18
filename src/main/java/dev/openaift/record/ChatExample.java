package dev.openaift.record;

import dev.openaift.api.ChatMessage;
import java.util.List;

/**
 * One example of a chat-format data file, split for evaluation: the prompt is every message before
 * the example's last assistant message, the expected answer is that message's text.
 *
 * @param index 0-based position among the file's examples (blank lines do not count)
 * @param line 1-based line of the file
 * @param prompt the messages sent to a model (at least one)
 * @param expected the last assistant message's text, or null for a prompt without an answer (a line
 *     without any assistant message, read by {@link ChatData#readPrompts})
 */
public record ChatExample(int index, long line, List<ChatMessage> prompt, String expected) {
  public ChatExample {
    prompt = List.copyOf(prompt);
    if (prompt.isEmpty()) {
      throw new IllegalArgumentException("an example needs at least one prompt message");
    }
  }

  /** Whether the example carries an expected answer. */
  public boolean hasExpected() {
    return expected != null;
  }

  /**
   * The hex SHA-256 of the prompt in its canonical JSON form (see {@link
   * RecordingJson#promptHash}).
   */
  public String promptHash() {
    return RecordingJson.promptHash(prompt);
  }
}
