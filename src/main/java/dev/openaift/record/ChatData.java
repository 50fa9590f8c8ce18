package dev.openaift.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openaift.api.ChatMessage;
import dev.openaift.io.InputFileException;
import dev.openaift.io.Json;
import dev.openaift.io.JsonErrors;
import dev.openaift.io.Sha256;
import dev.openaift.prepare.Utf8Lines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat-format data file ({@code {"messages": [...]}} per line, the fine-tuning format) read as
 * {@link ChatExample}s, with the SHA-256 of its bytes (which names its recordings).
 *
 * <p>Rules: blank lines are skipped (a BOM on the first line is dropped); every other line must be
 * a JSON object with a non-empty {@code messages} list; a message has a {@code role} of {@code
 * system}, {@code developer}, {@code user} or {@code assistant}, a {@code content} that is a string
 * or a list of text parts (joined), an optional {@code name}; other message keys ({@code weight},
 * ...) are ignored. The last assistant message is the expected answer and needs at least one
 * message before it; messages after it are not used. Tool and function messages, tool calls and
 * image parts cannot be replayed as text, so they are errors. Any problem stops the reading with an
 * {@link InputFileException} naming the file and line (exit 5).
 *
 * @param file the file as given
 * @param sha256 hex SHA-256 of the file's bytes
 * @param examples the examples in file order (index 0, 1, ...)
 */
public record ChatData(Path file, String sha256, List<ChatExample> examples) {
  private static final ObjectMapper JSON = Json.standard();

  public ChatData {
    examples = List.copyOf(examples);
  }

  /** The first {@code limit} examples, or all of them when {@code limit} is null. */
  public List<ChatExample> examples(Integer limit) {
    return limit != null && limit < examples.size() ? examples.subList(0, limit) : examples;
  }

  /**
   * Reads and checks the whole file.
   *
   * @throws InputFileException when the file is missing, unreadable, not UTF-8, or a line breaks a
   *     rule above, or when it holds no example at all
   */
  public static ChatData read(Path file) {
    return read(file, false);
  }

  /**
   * As {@link #read}, but a line without any assistant message is a prompt without an answer: all
   * its messages are the prompt and {@link ChatExample#expected()} is null. This reads the prompt
   * sets that {@code openai-ft generate --prompts-only} writes, for {@code record} and for {@code
   * eval --against recorded:MODEL}.
   */
  public static ChatData readPrompts(Path file) {
    return read(file, true);
  }

  private static ChatData read(Path file, boolean promptsAllowed) {
    if (Files.isDirectory(file)) {
      throw new InputFileException(file, "is a directory, not a JSONL file");
    }
    List<ChatExample> examples = new ArrayList<>();
    MessageDigest digest = Sha256.newDigest();
    Utf8Lines.forEach(
        file,
        in -> new DigestInputStream(in, digest),
        (lineNo, line) -> {
          if (!line.isBlank()) {
            examples.add(example(file, lineNo, examples.size(), line, promptsAllowed));
          }
        });
    if (examples.isEmpty()) {
      throw new InputFileException(
          file, "no examples: expected one {\"messages\": [...]} object per line");
    }
    return new ChatData(file, Sha256.hexOf(digest.digest()), examples);
  }

  private static ChatExample example(
      Path file, long lineNo, int index, String line, boolean promptsAllowed) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      long column = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNr());
      throw new InputFileException(file, lineNo, column, JsonErrors.describe(e), e);
    }
    if (node == null || !node.isObject()) {
      throw new InputFileException(file, lineNo, 0, "expected a JSON object with \"messages\"");
    }
    JsonNode messages = node.get("messages");
    if (messages == null) {
      String hint =
          node.has("input") || node.has("preferred_output")
              ? " (a DPO example: record needs chat examples)"
              : node.has("prompt") || node.has("completion")
                  ? " (a legacy prompt/completion pair: record needs chat examples)"
                  : "";
      throw new InputFileException(file, lineNo, 0, "no \"messages\" list" + hint);
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw new InputFileException(file, lineNo, 0, "\"messages\" must be a non-empty list");
    }
    List<ChatMessage> all = new ArrayList<>();
    int lastAssistant = -1;
    for (int m = 0; m < messages.size(); m++) {
      ChatMessage message = message(file, lineNo, m + 1, messages.get(m));
      if (message.role().equals("assistant")) {
        lastAssistant = m;
      }
      all.add(message);
    }
    if (lastAssistant < 0 && promptsAllowed) {
      return new ChatExample(index, lineNo, all, null);
    }
    if (lastAssistant < 0) {
      throw new InputFileException(
          file, lineNo, 0, "no assistant message: the last one is the expected answer");
    }
    if (lastAssistant == 0) {
      throw new InputFileException(
          file, lineNo, 0, "nothing before the assistant message: there is no prompt to send");
    }
    return new ChatExample(
        index, lineNo, all.subList(0, lastAssistant), all.get(lastAssistant).content());
  }

  private static ChatMessage message(Path file, long lineNo, int m, JsonNode msg) {
    if (msg == null || !msg.isObject()) {
      throw new InputFileException(file, lineNo, 0, "message " + m + " is not an object");
    }
    JsonNode roleNode = msg.get("role");
    if (roleNode == null || !roleNode.isTextual()) {
      throw new InputFileException(file, lineNo, 0, "message " + m + " has no \"role\"");
    }
    String role = roleNode.asText();
    if (role.equals("tool") || role.equals("function")) {
      throw new InputFileException(
          file,
          lineNo,
          0,
          "message " + m + " is a " + role + " message: record replays text conversations only");
    }
    if (!ChatMessage.ROLES.contains(role)) {
      throw new InputFileException(
          file,
          lineNo,
          0,
          "message "
              + m
              + " has the unknown role \""
              + role
              + "\" (expected system, developer, user or assistant)");
    }
    if (msg.hasNonNull("tool_calls") || msg.hasNonNull("function_call")) {
      throw new InputFileException(
          file,
          lineNo,
          0,
          "message " + m + " holds tool calls: record replays text conversations only");
    }
    JsonNode nameNode = msg.get("name");
    if (nameNode != null && !nameNode.isNull() && !nameNode.isTextual()) {
      throw new InputFileException(
          file, lineNo, 0, "message " + m + " has a \"name\" that is not text");
    }
    String name = nameNode == null || nameNode.isNull() ? null : nameNode.asText();
    return new ChatMessage(role, content(file, lineNo, m, msg.get("content")), name);
  }

  private static String content(Path file, long lineNo, int m, JsonNode c) {
    if (c != null && c.isTextual()) {
      return c.asText();
    }
    if (c != null && c.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : c) {
        JsonNode type = part == null ? null : part.get("type");
        JsonNode text = part == null ? null : part.get("text");
        if (type == null || !"text".equals(type.asText()) || text == null || !text.isTextual()) {
          throw new InputFileException(
              file,
              lineNo,
              0,
              "message "
                  + m
                  + " has a content part that is not {\"type\": \"text\", \"text\": ...}: record"
                  + " replays text only");
        }
        sb.append(text.asText());
      }
      return sb.toString();
    }
    throw new InputFileException(file, lineNo, 0, "message " + m + " has no \"content\" text");
  }
}
